-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.file_row(target uuid)
 RETURNS api.files
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select f.id, f.owner_id, f.folder_id, f.name, f.mime_type, f.size, f.sha256, f.visibility, f.description,
         f.current_version_id, f.created_at, f.updated_at, f.trashed_at,
         case when f.visibility = 'public' then app.public_link_token(f.id) end
  from app.files f
  where f.id = target
    and (f.owner_id = app.current_user_id() or f.folder_id in (select app.shared_folders(true)))
$function$;
comment on function app.file_row(target uuid) is 'The api.files row of one of your files, or of a file inside a folder you edit through a share (trashed or not); null otherwise. For the write functions'' answers.';
