-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.open_share_link(token text, access text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  link app.share_links := private.serving_link(token, access);
  visitor text := encode(extensions.digest(coalesce(private.client_key(app.client_ip()), 'unknown'), 'sha256'), 'hex');
  item jsonb;
  counted integer;
begin
  if link.file_id is not null then
    select private.link_file_json(f) into item from app.files f where f.id = link.file_id;
  else
    select jsonb_build_object('id', case when link.type <> 'file_drop' then d.id end, 'kind', 'folder', 'name', d.name)
    into item from app.folders d where d.id = link.folder_id;
  end if;
  insert into app.share_link_visitors (link_id, visitor) values (link.id, visitor) on conflict do nothing;
  get diagnostics counted = row_count;
  if counted > 0 then
    update app.share_links l set last_used_at = now() where l.id = link.id;
    perform app.log_activity('share_link.open', null, 'share_link', link.id::text,
      jsonb_build_object('owner_id', link.owner_id, 'type', link.type));
  end if;
  return jsonb_build_object(
    'type', link.type, 'label', link.label, 'note', link.note, 'expires_at', link.expires_at,
    'has_password', link.has_password, 'max_downloads', link.max_downloads,
    'downloads_left', link.max_downloads - link.downloads,
    'can_download', link.type in ('view', 'edit'),
    'can_list', link.folder_id is not null and link.type <> 'file_drop',
    'can_upload', link.type in ('edit', 'file_drop'),
    'item', item
  );
end
$function$;
grant execute on function app.open_share_link(token text, access text) to anon;
grant execute on function app.open_share_link(token text, access text) to authenticated;
comment on function app.open_share_link(token text, access text) is 'The metadata of a link that serves (type, label, note, expiry, what it may do, the item); logs the first open per visitor.';
