-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.type_has_thumbnail(mime_type text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select app.thumbnail_maker(mime_type) is not null
$function$;
grant execute on function app.type_has_thumbnail(mime_type text) to authenticated;
grant execute on function app.type_has_thumbnail(mime_type text) to service_role;
comment on function app.type_has_thumbnail(mime_type text) is 'Whether files of this type get a thumbnail (PNG, JPEG, GIF made on the edge; PDF and video drawn by the uploading browser).';
