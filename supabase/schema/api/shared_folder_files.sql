-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.shared_folder_files(folder_id uuid)
 RETURNS SETOF api.files
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select f.id, f.owner_id, f.folder_id, f.name, f.mime_type, f.size, f.sha256, f.visibility, f.description,
         f.current_version_id, f.created_at, f.updated_at, f.trashed_at,
         case when f.owner_id = (select app.current_user_id()) and f.visibility = 'public'
              then app.public_link_token(f.id) end
  from app.files f
  where f.folder_id = shared_folder_files.folder_id
    and f.trashed_at is null
    and (f.owner_id = (select app.current_user_id())
         or shared_folder_files.folder_id in (select app.shared_folders()))
$function$;
grant execute on function api.shared_folder_files(folder_id uuid) to authenticated;
comment on function api.shared_folder_files(folder_id uuid) is 'The live files directly inside a folder shared with you (or your own), as rows of `files`: filter, order and page it as `files` (`order=name,id`). Empty for a folder you do not reach.';
