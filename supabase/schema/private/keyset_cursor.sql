-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.keyset_cursor(created_at timestamp with time zone, id text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select translate(encode(convert_to(
    (extract(epoch from keyset_cursor.created_at) * 1000000)::bigint::text || ',' || keyset_cursor.id, 'utf8'), 'base64'),
    E'+/=\n', '-_')
$function$;
