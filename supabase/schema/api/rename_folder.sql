-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.rename_folder(folder_id uuid, name text)
 RETURNS api.folders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  target app.folders;
  new_name text;
  result api.folders;
begin
  perform app.require_permission('files.write');
  target := app.editable_folder(rename_folder.folder_id);
  new_name := app.check_name(rename_folder.name);
  if lower(new_name) <> lower(target.name) and target.trashed_at is null
     and app.name_taken(target.owner_id, target.parent_id, new_name, true) then
    perform app.name_conflict(new_name, true);
  end if;
  update app.folders set name = new_name where id = target.id;
  perform app.log_activity('folder.rename', null, 'folder', target.id::text,
    jsonb_build_object('from', target.name, 'to', new_name));
  select * into result from api.folders where id = target.id;
  return result;
exception when unique_violation then
  perform app.name_conflict(new_name, true);
end
$function$;
grant execute on function api.rename_folder(folder_id uuid, name text) to authenticated;
comment on function api.rename_folder(folder_id uuid, name text) is 'Renames one of your folders, or one inside a folder shared with you as editor.';
