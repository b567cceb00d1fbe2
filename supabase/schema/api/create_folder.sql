-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.create_folder(name text, parent_id uuid DEFAULT NULL::uuid)
 RETURNS api.folders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  folder_name text := app.check_name(create_folder.name);
  created uuid;
  result api.folders;
begin
  perform app.assert_folder_usable(create_folder.parent_id);
  if app.name_taken(uid, create_folder.parent_id, folder_name, true) then
    perform app.name_conflict(folder_name, true);
  end if;
  insert into app.folders (owner_id, parent_id, name) values (uid, create_folder.parent_id, folder_name)
  returning id into created;
  perform app.log_activity('folder.create', uid, 'folder', created::text, jsonb_build_object('name', folder_name));
  select * into result from api.folders where id = created;
  return result;
exception when unique_violation then
  perform app.name_conflict(folder_name, true);
end
$function$;
grant execute on function api.create_folder(name text, parent_id uuid) to authenticated;
comment on function api.create_folder(name text, parent_id uuid) is 'Creates a folder; names are unique per folder, case-insensitively.';
