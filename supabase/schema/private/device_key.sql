-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.device_key(user_agent text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select nullif(btrim(regexp_replace(regexp_replace(coalesce(user_agent, ''), '[0-9][0-9._]*', '', 'g'), '\s+', ' ', 'g')), '')
$function$;
