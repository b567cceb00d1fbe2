-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.files_shared_with_me()
 RETURNS SETOF api.files
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select f.id, f.owner_id, f.folder_id, f.name, f.mime_type, f.size, f.sha256, f.visibility, f.description,
         f.current_version_id, f.created_at, f.updated_at, f.trashed_at, null::text
  from app.files f
  where f.id in (select app.shared_files())
    and f.trashed_at is null
$function$;
grant execute on function api.files_shared_with_me() to authenticated;
comment on function api.files_shared_with_me() is 'The live files others shared with you one by one (not those inside a shared folder: see `shared_folder_files`), as rows of `files`.';
