-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.device_label(user_agent text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$ select private.device_name(user_agent) $function$;
grant execute on function app.device_label(user_agent text) to authenticated;
comment on function app.device_label(user_agent text) is 'The device a user agent names ("Chrome on Linux"), for the sessions list.';
