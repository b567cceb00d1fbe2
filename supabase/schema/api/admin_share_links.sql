-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_share_links(page integer DEFAULT 1, per_page integer DEFAULT 50)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  total bigint;
  rows jsonb;
  shares_total bigint;
  share_rows jsonb;
begin
  perform app.require_live_session();
  perform private.require_permission('shares.read_all');
  if page is null or page < 1 or per_page is null or per_page < 1 or per_page > 200 then
    raise exception using errcode = 'PT400', message = 'page must be 1 or more and per_page between 1 and 200';
  end if;
  select count(*) into total from app.share_links l
  where l.revoked_at is null and (l.expires_at is null or l.expires_at > now());
  select coalesce(jsonb_agg(x.j order by x.created_at desc, x.id), '[]') into rows
  from (
    select l.id, l.created_at, jsonb_build_object(
      'id', l.id, 'owner_id', l.owner_id, 'owner_email', u.email, 'owner_name', u.name,
      'item_type', case when l.file_id is not null then 'file' else 'folder' end,
      'item_name', coalesce(f.name, d.name), 'type', l.type, 'created_at', l.created_at,
      'last_used_at', l.last_used_at, 'expires_at', l.expires_at, 'downloads', l.downloads,
      'max_downloads', l.max_downloads, 'has_password', l.has_password, 'state', app.share_link_state(l.revoked_at, l.expires_at, l.downloads, l.max_downloads)
    ) as j
    from app.share_links l
    join app.users u on u.id = l.owner_id
    left join app.files f on f.id = l.file_id
    left join app.folders d on d.id = l.folder_id
    where l.revoked_at is null and (l.expires_at is null or l.expires_at > now())
    order by l.created_at desc, l.id
    limit per_page offset (page - 1)::bigint * per_page
  ) x;

  -- People shares that give access now: as shared_with_me shows them to their recipients.
  select count(*) into shares_total
  from app.shares s
  left join app.files f on f.id = s.file_id
  left join app.folders d on d.id = s.folder_id
  where (s.expires_at is null or s.expires_at > now())
    and coalesce(f.trashed_at, d.trashed_at) is null;
  select coalesce(jsonb_agg(x.j order by x.created_at desc, x.id), '[]') into share_rows
  from (
    select s.id, s.created_at, jsonb_build_object(
      'id', s.id, 'owner_id', s.owner_id, 'owner_email', o.email, 'owner_name', o.name,
      'recipient_id', s.recipient_id, 'recipient_email', r.email, 'recipient_name', r.name,
      'item_type', case when s.file_id is not null then 'file' else 'folder' end,
      'item_name', coalesce(f.name, d.name), 'role', s.role, 'created_at', s.created_at,
      'expires_at', s.expires_at, 'allow_reshare', s.allow_reshare,
      'shared_by_email', b.email
    ) as j
    from app.shares s
    join app.users o on o.id = s.owner_id
    join app.users r on r.id = s.recipient_id
    left join app.users b on b.id = s.shared_by
    left join app.files f on f.id = s.file_id
    left join app.folders d on d.id = s.folder_id
    where (s.expires_at is null or s.expires_at > now())
      and coalesce(f.trashed_at, d.trashed_at) is null
    order by s.created_at desc, s.id
    limit per_page offset (page - 1)::bigint * per_page
  ) x;
  return jsonb_build_object('links', rows, 'total', total, 'shares', share_rows, 'shares_total', shares_total,
                            'page', page, 'per_page', per_page);
end
$function$;
grant execute on function api.admin_share_links(page integer, per_page integer) to authenticated;
comment on function api.admin_share_links(page integer, per_page integer) is 'Needs shares.read_all. Every live share link (`links`, `total`: owner, item, type, created, last used, expiry, downloads; revoke one with rpc/revoke_share_link) and every active people share (`shares`, `shares_total`: owner, person, item, role, expiry, re-sharer), newest first, each paged by `page` and `per_page`.';
