-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.copy_file(file_id uuid, folder_id uuid DEFAULT NULL::uuid, name text DEFAULT NULL::text)
 RETURNS api.files
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  source app.files;
  source_version app.file_versions;
  copy_name text;
  copied app.files;
  result api.files;
begin
  -- A share lock: a concurrent purge of the original waits, so its object cannot be collected under the copy.
  select * into source from app.files where id = copy_file.file_id and owner_id = uid for share;
  -- A folder-limited token copies only what it can see: never a file from outside into its folder.
  if not found or not app.token_allows_folder(source.folder_id) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  perform app.assert_folder_usable(copy_file.folder_id);
  select * into source_version from app.file_versions where id = source.current_version_id;
  if copy_file.name is not null then
    copy_name := app.check_name(copy_file.name);
    perform app.assert_allowed_type(copy_name, source.mime_type);
    if app.name_taken(uid, copy_file.folder_id, copy_name, false) then
      perform app.name_conflict(copy_name, false);
    end if;
  else
    copy_name := app.free_name(uid, copy_file.folder_id, source.name, false);
  end if;
  perform app.assert_fits(source.size, app.lock_free_bytes(uid), uid);
  insert into app.files (owner_id, folder_id, name, mime_type, size, sha256, description)
  values (uid, copy_file.folder_id, copy_name, source.mime_type, source.size, source.sha256, source.description)
  returning * into copied;
  perform app.add_version(copied, source_version.object_key, source_version.size, source_version.sha256, source_version.mime_type);
  perform app.carry_content_text(copied.id, source.id);
  perform app.log_activity('file.copy', null, 'file', copied.id::text, jsonb_build_object('from', source.id, 'name', copy_name));
  select * into result from api.files where id = copied.id;
  return result;
exception when unique_violation then
  perform app.name_conflict(copy_name, false);
end
$function$;
grant execute on function api.copy_file(file_id uuid, folder_id uuid, name text) to authenticated;
comment on function api.copy_file(file_id uuid, folder_id uuid, name text) is 'Copies one of your files (default name: the same, or "name (1)" when taken).';
