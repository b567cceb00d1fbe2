-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.trash_file(file_id uuid)
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
  target := app.editable_file(trash_file.file_id);
  if target.trashed_at is null then
    update app.files set trashed_at = now() where id = target.id;
    perform app.log_activity('file.trash', null, 'file', target.id::text, jsonb_build_object('name', target.name));
  end if;
  result := app.file_row(target.id);
  return result;
end
$function$;
grant execute on function api.trash_file(file_id uuid) to authenticated;
comment on function api.trash_file(file_id uuid) is 'Moves one of your files (or one inside a folder shared with you as editor: to its owner''s trash) to the trash (purged automatically after the retention period).';
