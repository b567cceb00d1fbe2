-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_link_json(link_id uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'id', l.id, 'owner_id', l.owner_id, 'file_id', l.file_id, 'folder_id', l.folder_id,
    'item_name', coalesce(f.name, d.name), 'type', l.type, 'label', l.label, 'note', l.note,
    'expires_at', l.expires_at, 'has_password', l.has_password, 'max_downloads', l.max_downloads,
    'downloads', l.downloads, 'last_used_at', l.last_used_at, 'created_at', l.created_at,
    'updated_at', l.updated_at, 'revoked_at', l.revoked_at, 'from_public_link', l.from_public_link,
    'state', app.share_link_state(l.revoked_at, l.expires_at, l.downloads, l.max_downloads)
  )
  from app.share_links l
  left join app.files f on f.id = l.file_id
  left join app.folders d on d.id = l.folder_id
  where l.id = link_id
$function$;
