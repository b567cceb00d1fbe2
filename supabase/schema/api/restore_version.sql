-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.restore_version(version_id uuid)
 RETURNS api.files
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  old_version app.file_versions;
  target app.files;
  result api.files;
begin
  select * into old_version from app.file_versions where id = restore_version.version_id and owner_id = uid;
  if not found then
    raise exception using errcode = 'PT404', message = 'Version not found.';
  end if;
  target := app.owned_file(old_version.file_id);
  if target.current_version_id is distinct from old_version.id then
    perform app.assert_fits(old_version.size, app.lock_free_bytes(uid), uid);
    perform app.add_version(target, old_version.object_key, old_version.size, old_version.sha256, old_version.mime_type);
    perform app.carry_content_text(target.id);
    perform app.log_activity('file.restore_version', null, 'file', target.id::text,
      jsonb_build_object('version', old_version.version));
  end if;
  select * into result from api.files where id = target.id;
  return result;
end
$function$;
grant execute on function api.restore_version(version_id uuid) to authenticated;
comment on function api.restore_version(version_id uuid) is 'Makes an old version of one of your files the newest again.';
