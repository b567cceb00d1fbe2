-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.hash_password(password text)
 RETURNS text
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  select extensions.crypt(password, extensions.gen_salt('bf', least(greatest(private.setting_int('bcrypt_cost', 10), 4), 16)))
$function$;
