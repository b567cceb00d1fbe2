-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.file_json(target uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'id', f.id, 'owner_id', f.owner_id, 'folder_id', f.folder_id, 'name', f.name, 'mime_type', f.mime_type,
    'size', f.size, 'sha256', f.sha256, 'visibility', f.visibility, 'description', f.description,
    'current_version_id', f.current_version_id, 'created_at', f.created_at, 'updated_at', f.updated_at,
    'trashed_at', f.trashed_at,
    'public_token', case when f.visibility = 'public' then app.public_link_token(f.id) end
  )
  from app.files f where f.id = target
$function$;
