-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.restore_folder(folder_id uuid)
 RETURNS api.folders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  target app.folders;
  stamp timestamptz;
  destination uuid;
  result api.folders;
begin
  perform app.require_permission('files.write');
  target := app.owned_folder(restore_folder.folder_id);
  stamp := target.trashed_at;
  if stamp is not null then
    destination := case when exists (select from app.folders where id = target.parent_id and trashed_at is null)
                        then target.parent_id end;
    update app.files set trashed_at = null
    where folder_id in (select app.folder_subtree(target.id)) and trashed_at = stamp;
    update app.folders set trashed_at = null
    where id in (select app.folder_subtree(target.id)) and id <> target.id and trashed_at = stamp;
    update app.folders
    set trashed_at = null, parent_id = destination,
        name = app.free_name(target.owner_id, destination, target.name, true)
    where id = target.id;
    perform app.log_activity('folder.restore', null, 'folder', target.id::text, jsonb_build_object('name', target.name));
  end if;
  select * into result from api.folders where id = target.id;
  return result;
end
$function$;
grant execute on function api.restore_folder(folder_id uuid) to authenticated;
comment on function api.restore_folder(folder_id uuid) is 'Restores one of your folders, and what was trashed with it, from the trash.';
