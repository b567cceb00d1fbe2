-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.version_for_download(target_file uuid, target_version uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'file_id', f.id, 'version_id', v.id, 'version', v.version, 'name', f.name, 'object_key', v.object_key,
    'size', v.size, 'sha256', v.sha256, 'mime_type', v.mime_type, 'owner_id', f.owner_id
  )
  from app.files f
  join app.file_versions v on v.file_id = f.id
  where f.id = target_file
    and v.id = coalesce(target_version, f.current_version_id)
    and app.token_allows_folder(f.folder_id)
    and (
      f.owner_id = app.current_user_id()
      or (f.trashed_at is null and (
        -- Editors: every kept version.
        f.folder_id in (select app.shared_folders(true)) or f.id in (select app.shared_files(true))
        -- Viewers: the current bytes only.
        or (v.id = f.current_version_id
            and (f.folder_id in (select app.shared_folders()) or f.id in (select app.shared_files())))))
    )
$function$;
grant execute on function app.version_for_download(target_file uuid, target_version uuid) to authenticated;
comment on function app.version_for_download(target_file uuid, target_version uuid) is 'A version the caller may download, as JSON, or null: any of their own files'' versions, the current one of a file shared with them, any version of one they edit through a share.';
