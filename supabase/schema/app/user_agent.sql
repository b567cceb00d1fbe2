-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.user_agent()
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select left(coalesce(nullif(current_setting('request.headers', true), ''), '{}')::json ->> 'user-agent', 512)
$function$;
grant execute on function app.user_agent() to anon;
grant execute on function app.user_agent() to authenticated;
grant execute on function app.user_agent() to service_role;
