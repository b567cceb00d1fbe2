-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.restore_file(file_id uuid)
 RETURNS api.files
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  target app.files;
  destination uuid;
  result api.files;
begin
  perform app.require_permission('files.write');
  target := app.owned_file(restore_file.file_id);
  if target.trashed_at is not null then
    destination := case when exists (select from app.folders where id = target.folder_id and trashed_at is null)
                        then target.folder_id end;
    update app.files
    set trashed_at = null, folder_id = destination,
        name = app.free_name(target.owner_id, destination, target.name, false)
    where id = target.id;
    perform app.log_activity('file.restore', null, 'file', target.id::text, jsonb_build_object('name', target.name));
  end if;
  select * into result from api.files where id = target.id;
  return result;
end
$function$;
grant execute on function api.restore_file(file_id uuid) to authenticated;
comment on function api.restore_file(file_id uuid) is 'Restores one of your files from the trash.';
