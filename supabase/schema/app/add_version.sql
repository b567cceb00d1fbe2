-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.add_version(target app.files, object text, bytes bigint, hash text, mime text)
 RETURNS app.file_versions
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  added app.file_versions;
begin
  insert into app.file_versions (file_id, owner_id, version, object_key, size, sha256, mime_type, created_by)
  values (
    target.id, target.owner_id,
    coalesce((select max(version) from app.file_versions where file_id = target.id), 0) + 1,
    object, bytes, hash, mime, app.current_user_id()
  )
  returning * into added;
  update app.files
  set current_version_id = added.id, size = bytes, sha256 = hash, mime_type = mime
  where id = target.id;
  perform app.prune_versions(target.id);
  return added;
end
$function$;
