-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.client_ip()
 RETURNS inet
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  raw text := coalesce(nullif(current_setting('request.headers', true), ''), '{}')::json ->> 'x-client-ip';
begin
  return nullif(trim(raw), '')::inet;
exception
  when others then
    return null;
end
$function$;
grant execute on function app.client_ip() to anon;
grant execute on function app.client_ip() to authenticated;
grant execute on function app.client_ip() to service_role;
comment on function app.client_ip() is 'The client IP from the x-client-ip request header the gateway sets, or null.';
