-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.rename_file(file_id uuid, name text)
 RETURNS api.files
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  target app.files;
  new_name text;
  result api.files;
begin
  perform app.require_permission('files.write');
  target := app.editable_file(rename_file.file_id);
  new_name := app.check_name(rename_file.name);
  perform app.assert_allowed_type(new_name, target.mime_type);
  if lower(new_name) <> lower(target.name) and target.trashed_at is null
     and app.name_taken(target.owner_id, target.folder_id, new_name, false) then
    perform app.name_conflict(new_name, false);
  end if;
  update app.files set name = new_name where id = target.id;
  perform app.log_activity('file.rename', null, 'file', target.id::text,
    jsonb_build_object('from', target.name, 'to', new_name));
  result := app.file_row(target.id);
  return result;
exception when unique_violation then
  perform app.name_conflict(new_name, false);
end
$function$;
grant execute on function api.rename_file(file_id uuid, name text) to authenticated;
comment on function api.rename_file(file_id uuid, name text) is 'Renames one of your files, or one inside a folder shared with you as editor.';
