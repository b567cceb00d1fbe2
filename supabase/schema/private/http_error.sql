-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.http_error(status integer, code text, message text, hint text DEFAULT NULL::text, retry_after integer DEFAULT NULL::integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  perform set_config('response.status', status::text, true);
  if retry_after is not null then
    perform set_config('response.headers', jsonb_build_array(jsonb_build_object('Retry-After', retry_after::text))::text, true);
  end if;
  return jsonb_build_object('code', code, 'message', message, 'details', null, 'hint', hint);
end
$function$;
