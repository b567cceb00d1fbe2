-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.shared_item(share_id uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select coalesce(
    (select jsonb_build_object('kind', 'file', 'name', f.name, 'mime_type', f.mime_type, 'size', f.size, 'updated_at', f.updated_at)
     from app.files f where f.id = s.file_id and f.trashed_at is null),
    (select jsonb_build_object('kind', 'folder', 'name', d.name, 'updated_at', d.updated_at)
     from app.folders d where d.id = s.folder_id and d.trashed_at is null))
  from app.shares s
  where s.id = share_id and app.current_user_id() in (s.owner_id, s.recipient_id, s.shared_by)
$function$;
grant execute on function app.shared_item(share_id uuid) to authenticated;
