-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.new_link_token()
 RETURNS text
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  select private.base64url(extensions.gen_random_bytes(32))
$function$;
