-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.edit_link_folder(link app.share_links, folder_id uuid)
 RETURNS app.folders
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  found_folder app.folders;
begin
  select * into found_folder from app.folders d
  where d.id = folder_id and d.id <> link.folder_id and d.id in (select private.link_folders(link))
  for update;
  if found_folder.id is null then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  return found_folder;
end
$function$;
