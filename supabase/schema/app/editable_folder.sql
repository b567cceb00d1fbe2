-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.editable_folder(target uuid)
 RETURNS app.folders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_user_id();
  found_folder app.folders;
begin
  select * into found_folder from app.folders d
  where d.id = target
    and (d.owner_id = uid or (d.trashed_at is null and d.parent_id in (select app.shared_folders(true))))
  for update;
  if not found or not app.token_allows_folder(found_folder.id) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  return found_folder;
end
$function$;
comment on function app.editable_folder(target uuid) is 'One of your folders, or one inside a folder shared with you as editor (not the shared folder itself), locked; PT404 otherwise.';
