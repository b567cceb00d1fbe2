-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.purge_file(file_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  target app.files;
begin
  perform app.require_permission('files.write');
  target := app.owned_file(purge_file.file_id);
  delete from app.files where id = target.id;
  perform app.log_activity('file.purge', null, 'file', target.id::text, jsonb_build_object('name', target.name));
end
$function$;
grant execute on function api.purge_file(file_id uuid) to authenticated;
comment on function api.purge_file(file_id uuid) is 'Deletes one of your files and all its versions for good.';
