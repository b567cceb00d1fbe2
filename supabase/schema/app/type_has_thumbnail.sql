-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.type_has_thumbnail(mime_type text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select lower(split_part(mime_type, ';', 1)) in ('image/png', 'image/jpeg', 'image/gif')
$function$;
grant execute on function app.type_has_thumbnail(mime_type text) to authenticated;
grant execute on function app.type_has_thumbnail(mime_type text) to service_role;
comment on function app.type_has_thumbnail(mime_type text) is 'Whether files of this type get a thumbnail (PNG, JPEG, GIF).';
