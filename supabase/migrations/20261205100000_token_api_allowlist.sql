/*
 * What an access-token session reaches, as one list.
 *
 * The access-token migration refused a token every rpc function outside a
 * list, but let it GET any view: `my_sessions` (the password sessions of
 * the account, with their addresses), `my_subscription`, `my_transactions`,
 * `me`'s views, `notifications`, the admin views of an admin, and any view a
 * later migration adds. A token is for scripts that back up or mount the
 * drive, so the rule is now the other way round: an api object a token may
 * reach is named in app.token_api_objects(); everything else, including
 * whatever a later migration adds, is refused by the pre-request until it is
 * named there (supabase/tests/01_token_api_catalog.test.sql enumerates the
 * api schema and proves each object is one or the other).
 *
 * Also here:
 *   dav_unlock   removed a lock with only files:read. UNLOCK changes what
 *                others may write, so it asks for files.write, as dav_lock does.
 *   storage_usage for a folder-limited token. WebDAV's RFC 4331 properties
 *                need what a PUT may still use, so such a token sees
 *                `available` (the drive's: a write into the folder uses the
 *                drive's quota) and `quota`; but `used` and `reserved` are
 *                its folder's (files and uploads inside it), not the whole
 *                drive's, which would say how much lies outside the folder.
 *                `available` is new for everyone, so no client has to know
 *                how the three other figures combine.
 */

/*
 * The api objects an access token may reach through REST, with how:
 * `read` a view by GET or HEAD (never written through: views of one table
 * are auto-updatable), `call` an rpc function by any method. Functions the
 * files and webdav edge functions call run under their own paths
 * (/files/..., /webdav/...), which the pre-request lets through: those
 * functions choose what they call, and SQL checks scopes and folder there too.
 */
create function app.token_api_objects()
returns table (name text, access text)
language sql
immutable
set search_path = ''
as $$
  values
    -- The drive: listings, versions, tags, modification times, dead properties, quota.
    ('files', 'read'), ('folders', 'read'), ('file_versions', 'read'), ('file_tags', 'read'),
    ('file_mtimes', 'read'), ('tags', 'read'), ('type_groups', 'read'), ('dav_properties', 'read'),
    ('storage_usage', 'read'),
    -- Changing the drive (each asks files.write, which only files:write grants a token).
    ('create_folder', 'call'), ('rename_folder', 'call'), ('move_folder', 'call'), ('trash_folder', 'call'),
    ('restore_folder', 'call'), ('purge_folder', 'call'), ('rename_file', 'call'), ('move_file', 'call'),
    ('copy_file', 'call'), ('trash_file', 'call'), ('restore_file', 'call'), ('purge_file', 'call'),
    ('restore_version', 'call'), ('set_file_content_text', 'call'), ('set_file_mtime', 'call'),
    ('add_tags', 'call'), ('remove_tag', 'call'), ('upload_name_conflicts', 'call'),
    -- Reading it.
    ('list_tags', 'call'), ('search_files', 'call'), ('folder_path', 'call'),
    -- Emptying the trash reaches every folder: only for an unlimited token (checked in the pre-request).
    ('empty_trash', 'call')
$$;
comment on function app.token_api_objects() is
  'The api views (read) and rpc functions (call) an access-token session may reach through REST; everything else is refused.';
grant execute on function app.token_api_objects() to authenticated;

/* The endpoint check, restated from the access-token migration: the list above, and nothing by default. */
create or replace function app.check_token_request()
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  method text := coalesce(current_setting('request.method', true), '');
  path text := coalesce(current_setting('request.path', true), '');
  rpc text := substring(path from '^/rpc/([A-Za-z0-9_]+)$');
  relation text := substring(path from '^/([A-Za-z0-9_]+)$');
begin
  -- An internal call with no path is a function's own (a trigger, a job).
  if path = '' then
    return;
  end if;
  if path ~ '^/files/(uploads|tus|download-url|download|rpc)(/|$)' or path ~ '^/webdav(/|$)' then
    return;
  end if;
  if rpc is not null
     and exists (select from app.token_api_objects() o where o.name = rpc and o.access = 'call')
     and (rpc <> 'empty_trash' or app.token_folder() is null) then
    return;
  end if;
  if relation is not null and method in ('GET', 'HEAD')
     and exists (select from app.token_api_objects() o where o.name = relation and o.access = 'read') then
    return;
  end if;
  raise exception using errcode = '42501',
    message = 'An access token reaches only the drive: sign in with your password for this.',
    hint = 'Access tokens may list, search, read and (with files:write) change files.';
end
$$;
comment on function app.check_token_request() is
  'Refuses a request of an access-token session to anything app.token_api_objects() does not name (and the files and webdav functions'' own paths).';
grant execute on function app.check_token_request() to authenticated;

/* UNLOCK, restated from the webdav migration: it needs files.write, as LOCK does. */
create or replace function api.dav_unlock(token uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
begin
  delete from app.dav_locks l where l.token = dav_unlock.token and l.owner_id = uid;
  if not found then
    raise exception using errcode = 'PT409', message = 'No such lock.';
  end if;
end
$$;
comment on function api.dav_unlock(uuid) is 'WebDAV UNLOCK: removes one of your locks (needs files.write).';
revoke execute on function api.dav_unlock(uuid) from public;
grant execute on function api.dav_unlock(uuid) to authenticated;

/*
 * The bytes the caller's pending uploads reserve, across the whole drive: a
 * folder-limited token reads only the uploads into its folder, yet what is
 * available to it is what the drive's quota leaves.
 */
create function app.drive_reserved_bytes()
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(sum(coalesce(u.size, 0)), 0)::bigint from app.uploads u
  where u.owner_id = app.current_user_id() and u.status = 'pending' and u.expires_at > now()
$$;
comment on function app.drive_reserved_bytes() is 'The bytes reserved by the caller''s pending uploads anywhere in the drive.';
revoke execute on function app.drive_reserved_bytes() from public;
grant execute on function app.drive_reserved_bytes() to authenticated, service_role;

/*
 * Storage, restated with `available`; for a folder-limited token `used` and
 * `reserved` count only its folder (the read policies already hide every
 * other file and upload from it, so the sums need no folder test of their own).
 */
create or replace view api.storage_usage with (security_invoker = true) as
select
  case when app.token_folder() is null then drive.used
       else coalesce((select sum(f.size) from app.files f where f.owner_id = me.id and f.trashed_at is null), 0)::bigint
  end as used,
  case when app.token_folder() is null then drive.reserved
       else coalesce((select sum(coalesce(u.size, 0)) from app.uploads u
                      where u.owner_id = me.id and u.status = 'pending' and u.expires_at > now()), 0)::bigint
  end as reserved,
  drive.quota,
  greatest(drive.quota - drive.used - drive.reserved, 0)::bigint as available
from (select app.current_user_id() as id) me
cross join lateral (
  select coalesce(a.used, 0)::bigint as used,
    app.drive_reserved_bytes() as reserved,
    app.storage_quota(me.id) as quota
  from (select) one
  left join app.storage_accounts a on a.owner_id = me.id
) drive
where me.id is not null;
comment on view api.storage_usage is
  'Your storage: bytes used, bytes reserved by uploads in flight, your quota (from your plan) and what is still available. An access token limited to a folder sees that folder''s used and reserved bytes, and the drive''s quota and available bytes.';
grant select on api.storage_usage to authenticated, service_role;
