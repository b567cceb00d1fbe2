-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.editable_file(target uuid)
 RETURNS app.files
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_user_id();
  found_file app.files;
begin
  select * into found_file from app.files f
  where f.id = target
    and (f.owner_id = uid or (f.trashed_at is null and f.folder_id in (select app.shared_folders(true))))
  for update;
  if not found or not app.token_allows_folder(found_file.folder_id) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return found_file;
end
$function$;
comment on function app.editable_file(target uuid) is 'One of your files, or a file inside a folder shared with you as editor, locked; PT404 otherwise.';
