-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.edit_link_file(link app.share_links, file_id uuid)
 RETURNS app.files
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  found_file app.files;
begin
  select * into found_file from app.files f
  where f.id = file_id and f.trashed_at is null and f.folder_id in (select private.link_folders(link))
  for update;
  if found_file.id is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return found_file;
end
$function$;
