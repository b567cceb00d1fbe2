-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.purge_folder(folder_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  target app.folders;
begin
  perform app.require_permission('files.write');
  target := app.owned_folder(purge_folder.folder_id);
  delete from app.folders where id = target.id;
  perform app.log_activity('folder.purge', null, 'folder', target.id::text, jsonb_build_object('name', target.name));
end
$function$;
grant execute on function api.purge_folder(folder_id uuid) to authenticated;
comment on function api.purge_folder(folder_id uuid) is 'Deletes one of your folders and everything in it for good.';
