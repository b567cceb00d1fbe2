-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.move_file(file_id uuid, folder_id uuid)
 RETURNS api.files
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  target app.files;
  result api.files;
begin
  perform app.require_permission('files.write');
  target := app.editable_file(move_file.file_id);
  perform app.assert_destination(target.owner_id, move_file.folder_id);
  if target.folder_id is distinct from move_file.folder_id then
    if target.trashed_at is null and app.name_taken(target.owner_id, move_file.folder_id, target.name, false) then
      perform app.name_conflict(target.name, false);
    end if;
    update app.files set folder_id = move_file.folder_id where id = target.id;
    perform app.log_activity('file.move', null, 'file', target.id::text,
      jsonb_build_object('from', target.folder_id, 'to', move_file.folder_id));
  end if;
  result := app.file_row(target.id);
  return result;
exception when unique_violation then
  perform app.name_conflict(target.name, false);
end
$function$;
grant execute on function api.move_file(file_id uuid, folder_id uuid) to authenticated;
comment on function api.move_file(file_id uuid, folder_id uuid) is 'Moves one of your files into a folder (null: the root); an editor of a shared folder moves within what the share reaches.';
