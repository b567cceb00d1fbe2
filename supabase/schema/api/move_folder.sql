-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.move_folder(folder_id uuid, parent_id uuid)
 RETURNS api.folders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  target app.folders;
  result api.folders;
begin
  perform app.require_permission('files.write');
  target := app.editable_folder(move_folder.folder_id);
  perform app.assert_destination(target.owner_id, move_folder.parent_id);
  if move_folder.parent_id in (select app.folder_subtree(target.id)) then
    raise exception using errcode = 'PT409', message = 'A folder cannot be moved into itself or one of its subfolders.';
  end if;
  if target.parent_id is distinct from move_folder.parent_id then
    if target.trashed_at is null and app.name_taken(target.owner_id, move_folder.parent_id, target.name, true) then
      perform app.name_conflict(target.name, true);
    end if;
    update app.folders set parent_id = move_folder.parent_id where id = target.id;
    perform app.log_activity('folder.move', null, 'folder', target.id::text,
      jsonb_build_object('from', target.parent_id, 'to', move_folder.parent_id));
  end if;
  select * into result from api.folders where id = target.id;
  return result;
exception when unique_violation then
  perform app.name_conflict(target.name, true);
end
$function$;
grant execute on function api.move_folder(folder_id uuid, parent_id uuid) to authenticated;
comment on function api.move_folder(folder_id uuid, parent_id uuid) is 'Moves one of your folders (null: the root); cycles are refused; an editor of a shared folder moves within what the share reaches.';
