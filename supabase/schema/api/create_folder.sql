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
  owner uuid;
  created uuid;
  result api.folders;
begin
  select d.owner_id into owner from app.folders d where d.id = create_folder.parent_id;
  owner := coalesce(owner, uid);
  perform app.assert_destination(owner, create_folder.parent_id);
  if app.name_taken(owner, create_folder.parent_id, folder_name, true) then
    perform app.name_conflict(folder_name, true);
  end if;
  insert into app.folders (owner_id, parent_id, name) values (owner, create_folder.parent_id, folder_name)
  returning id into created;
  perform app.log_activity('folder.create', uid, 'folder', created::text, jsonb_build_object('name', folder_name));
  select * into result from api.folders where id = created;
  return result;
exception when unique_violation then
  perform app.name_conflict(folder_name, true);
end
$function$;
grant execute on function api.create_folder(name text, parent_id uuid) to authenticated;
comment on function api.create_folder(name text, parent_id uuid) is 'Creates a folder (in yours, or inside a folder shared with you as editor, where it is the owner''s); names are unique per folder, case-insensitively.';
