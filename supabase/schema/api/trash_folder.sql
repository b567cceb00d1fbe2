-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.trash_folder(folder_id uuid)
 RETURNS api.folders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  target app.folders;
  stamp timestamptz := now();
  result api.folders;
begin
  perform app.require_permission('files.write');
  target := app.editable_folder(trash_folder.folder_id);
  if target.trashed_at is null then
    update app.folders set trashed_at = stamp
    where id in (select app.folder_subtree(target.id)) and trashed_at is null;
    update app.files set trashed_at = stamp
    where folder_id in (select app.folder_subtree(target.id)) and trashed_at is null;
    perform app.log_activity('folder.trash', null, 'folder', target.id::text, jsonb_build_object('name', target.name));
  end if;
  select * into result from api.folders where id = target.id;
  return result;
end
$function$;
grant execute on function api.trash_folder(folder_id uuid) to authenticated;
comment on function api.trash_folder(folder_id uuid) is 'Moves one of your folders, with everything in it, to the trash (an editor of a shared folder: one inside it, to its owner''s trash).';
