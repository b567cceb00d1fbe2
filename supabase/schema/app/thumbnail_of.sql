-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.thumbnail_of(version_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  target_file uuid;
  found jsonb;
  thumb app.thumbnails;
  maker text;
begin
  select v.file_id into target_file
  from app.file_versions v
  join app.files f on f.id = v.file_id
  where v.id = thumbnail_of.version_id and f.trashed_at is null and f.current_version_id = v.id;
  found := app.version_for_download(target_file, thumbnail_of.version_id);
  if found is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  maker := app.thumbnail_maker(found ->> 'mime_type');
  if maker is null
     or (maker = 'edge'
         and (found ->> 'size')::bigint > coalesce(app.files_setting('files.thumbnail_max_bytes'), 26214400)) then
    raise exception using errcode = 'PT404', message = 'This file has no thumbnail.',
      hint = 'Thumbnails are made of PNG, JPEG and GIF images up to files.thumbnail_max_bytes, and drawn of PDFs and videos by the browser that uploads them.';
  end if;
  select * into thumb from app.thumbnails t where t.version_id = thumbnail_of.version_id;
  return found || jsonb_build_object(
    'maker', maker,
    'thumbnail', case when thumb.version_id is null then null else jsonb_build_object(
      'object_key', thumb.object_key, 'size', thumb.size, 'sha256', thumb.sha256,
      'width', thumb.width, 'height', thumb.height) end);
end
$function$;
grant execute on function app.thumbnail_of(version_id uuid) to authenticated;
comment on function app.thumbnail_of(version_id uuid) is 'The version (as app.version_for_download answers it), who makes its thumbnail (maker: edge or browser) and the thumbnail (null until made) when the caller may see it; PT404 otherwise.';
