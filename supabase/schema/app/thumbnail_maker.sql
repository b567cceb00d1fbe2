-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.thumbnail_maker(mime_type text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case
    when lower(split_part(mime_type, ';', 1)) in ('image/png', 'image/jpeg', 'image/gif') then 'edge'
    when lower(split_part(mime_type, ';', 1)) = 'application/pdf'
      or lower(split_part(mime_type, ';', 1)) in ('video/webm', 'video/mp4', 'video/ogg', 'video/quicktime') then 'browser'
  end
$function$;
grant execute on function app.thumbnail_maker(mime_type text) to authenticated;
grant execute on function app.thumbnail_maker(mime_type text) to service_role;
comment on function app.thumbnail_maker(mime_type text) is 'Who makes thumbnails of this type: edge (PNG, JPEG, GIF), browser (PDF, WebM, MP4, Ogg, QuickTime video), or null.';
