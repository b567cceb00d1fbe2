/*
 * Following a share link: what the public routes at /functions/v1/share/<token>
 * call, as `anon` (or whoever is signed in: a link does not care).
 *
 * Every function starts from the token (and, for a link with a password, the
 * access token its password granted) and reaches only what is inside the
 * shared item: the file itself, or the files and folders under the shared
 * folder, never a trashed one, never a sibling or a parent, whatever ids a
 * visitor makes up. A link that does not serve answers one error that says
 * nothing about the file:
 *
 *   PT404  unknown, malformed or revoked token, trashed item, disabled owner
 *   PT410  expired, or at its download limit
 *   PT401  a password is needed (or the access token is wrong or over)
 *
 * Passwords are tried through app.unlock_share_link, throttled per link and
 * per client address as logins are (private.auth_attempts, bucket
 * `share_password`): past sharing.max_password_failures_per_link (10) or
 * sharing.max_password_failures_per_ip (20) failures in the window, 429 with
 * Retry-After, doubling as logins do. A correct password grants an access
 * token for that link alone, for sharing.access_token_seconds (3600).
 *
 * Downloads count exactly: app.count_share_download adds one with
 * `update ... where downloads < max_downloads returning`, so concurrent
 * downloads against a limit of 5 deliver exactly 5 (the row lock orders
 * them and each re-checks the limit). The edge calls it only for a response
 * that delivers the file's first byte (a GET of all of it or of a first
 * range), never for a HEAD, a later range, a 304, a preview or a listing.
 */

insert into private.settings (key, value) values
  ('sharing.max_password_failures_per_link', '10'),
  ('sharing.max_password_failures_per_ip', '20'),
  ('sharing.access_token_seconds', '3600')
on conflict (key) do nothing;

/* Who has opened a link (one row per visitor address), so "opened" is logged once per visitor. */
create table app.share_link_visitors (
  link_id uuid not null references app.share_links (id) on delete cascade,
  visitor text not null,
  first_seen_at timestamptz not null default now(),
  primary key (link_id, visitor)
);
alter table app.share_link_visitors enable row level security;
comment on table app.share_link_visitors is 'Who opened a share link first when: the SHA-256 of the visitor''s address, never the address.';
revoke all on app.share_link_visitors from public, anon, authenticated;
grant all on app.share_link_visitors to service_role;
create policy "nobody reads link visitors through the API" on app.share_link_visitors
  for select to authenticated using (false);

/*
 * The link behind a token that serves, checked as the error list above says;
 * `access` is the access token of a link with a password.
 */
create or replace function private.serving_link(token text, access text)
returns app.share_links
language plpgsql
stable
set search_path = ''
as $$
declare
  link app.share_links;
begin
  if token is null or token !~ '^[A-Za-z0-9_-]{43}$' then
    raise exception using errcode = 'PT404', message = 'This link does not exist or was revoked.';
  end if;
  select l.* into link from app.share_links l
  join app.users u on u.id = l.owner_id
  left join app.files f on f.id = l.file_id
  left join app.folders d on d.id = l.folder_id
  where l.token_hash = extensions.digest(token, 'sha256')
    and l.revoked_at is null and u.disabled_at is null
    and coalesce(f.trashed_at, d.trashed_at) is null;
  if not found then
    raise exception using errcode = 'PT404', message = 'This link does not exist or was revoked.';
  end if;
  if link.expires_at is not null and link.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'This link has expired.';
  end if;
  if link.max_downloads is not null and link.downloads >= link.max_downloads then
    raise exception using errcode = 'PT410', message = 'This link has reached its download limit.';
  end if;
  if link.password_hash is not null and not exists (
    select from app.share_link_access a
    where a.link_id = link.id and a.token_hash = extensions.digest(coalesce(access, ''), 'sha256') and a.expires_at > now()
  ) then
    raise exception using errcode = 'PT401', message = 'This link needs its password.',
      hint = 'POST {"password": ...} to /functions/v1/share/<token>/unlock, then send the access token it answers.';
  end if;
  return link;
end
$$;

/* The ids of the folders a folder link reaches: the shared folder and every folder under it not in the trash. */
create or replace function private.link_folders(link app.share_links)
returns setof uuid
language sql
stable
set search_path = ''
as $$
  with recursive tree as (
    select d.id from app.folders d where d.id = link.folder_id and d.trashed_at is null
    union all
    select d.id from app.folders d join tree t on d.parent_id = t.id where d.trashed_at is null
  )
  select id from tree
$$;

/*
 * Tries a link's password. Answers {access_token, expires_at} when it is
 * right, else {status, code, message, retry_after} (401 wrong, 429 throttled):
 * an answer, not an error, so the failed attempt stays recorded.
 */
create or replace function app.unlock_share_link(token text, password text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  link app.share_links;
  ip_key text := private.client_key(app.client_ip());
  link_key text;
  max_link integer := private.setting_int('sharing.max_password_failures_per_link', 10);
  max_ip integer := private.setting_int('sharing.max_password_failures_per_ip', 20);
  wait integer;
  access text := private.new_link_token();
  ends timestamptz := now() + make_interval(secs => greatest(private.setting_int('sharing.access_token_seconds', 3600), 60));
begin
  begin
    link := private.serving_link(token, null);
  exception when sqlstate 'PT401' then
    select l.* into link from app.share_links l where l.token_hash = extensions.digest(token, 'sha256');
  end;
  if link.password_hash is null then
    return jsonb_build_object('status', 400, 'code', 'PT400', 'message', 'This link has no password.');
  end if;
  link_key := 'link:' || link.id;
  wait := greatest(private.retry_after('share_password', link_key, max_link),
    private.retry_after('share_password', 'ip:' || ip_key, max_ip));
  if wait > 0 then
    return jsonb_build_object('status', 429, 'code', 'PT429', 'message', 'Too many attempts. Try again later.', 'retry_after', wait);
  end if;
  if password is null or octet_length(password) > 1000 or extensions.crypt(password, link.password_hash) <> link.password_hash then
    perform private.record_attempt('share_password', link_key);
    perform private.record_attempt('share_password', 'ip:' || ip_key);
    return jsonb_build_object('status', 401, 'code', 'PT401', 'message', 'Wrong password.');
  end if;
  delete from app.share_link_access a
  where a.token_hash in (select e.token_hash from app.share_link_access e where e.expires_at <= now() limit 20);
  insert into app.share_link_access (token_hash, link_id, expires_at)
  values (extensions.digest(access, 'sha256'), link.id, ends);
  return jsonb_build_object('access_token', access, 'expires_at', ends);
end
$$;
comment on function app.unlock_share_link(text, text) is
  'Tries a link''s password: {access_token, expires_at}, or {status, code, message, retry_after} (401 wrong, 429 throttled per link and address).';
grant execute on function app.unlock_share_link(text, text) to anon, authenticated;

/* One item under a link, as the public routes show it (no owner, no ids outside). */
create or replace function private.link_file_json(f app.files)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object('id', f.id, 'kind', 'file', 'name', f.name, 'size', f.size, 'mime_type', f.mime_type,
    'updated_at', f.updated_at)
$$;

/*
 * What a visitor sees first: the link's type, label, note, expiry and what
 * it may do, and the item (for a file drop, only the folder's name). Logs
 * the first open by each visitor address.
 */
create or replace function app.open_share_link(token text, access text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
$$;
comment on function app.open_share_link(text, text) is
  'The metadata of a link that serves (type, label, note, expiry, what it may do, the item); logs the first open per visitor.';
grant execute on function app.open_share_link(text, text) to anon, authenticated;

/*
 * The folders and files directly in one folder of a folder link (the shared
 * folder by default); 404 for a folder outside it or in the trash. A file
 * drop lists nothing.
 */
create or replace function app.share_link_listing(token text, access text default null, folder_id uuid default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  link app.share_links := private.serving_link(token, access);
  target uuid;
  here app.folders;
begin
  if link.folder_id is null then
    raise exception using errcode = 'PT400', message = 'This link shares a file, not a folder.';
  end if;
  if link.type = 'file_drop' then
    raise exception using errcode = 'PT403', message = 'This link only takes uploads: what is in the folder stays private.';
  end if;
  target := coalesce(folder_id, link.folder_id);
  if target not in (select private.link_folders(link)) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  select * into here from app.folders d where d.id = target;
  return jsonb_build_object(
    'folder', jsonb_build_object('id', here.id, 'name', here.name,
      'parent_id', case when here.id <> link.folder_id then here.parent_id end),
    'folders', coalesce((select jsonb_agg(jsonb_build_object('id', d.id, 'kind', 'folder', 'name', d.name, 'updated_at', d.updated_at)
      order by lower(d.name), d.id) from app.folders d where d.parent_id = target and d.trashed_at is null), '[]'),
    'files', coalesce((select jsonb_agg(private.link_file_json(f) order by lower(f.name), f.id)
      from app.files f where f.folder_id = target and f.trashed_at is null), '[]')
  );
end
$$;
comment on function app.share_link_listing(text, text, uuid) is
  'The folders and files in one folder under a folder link (its own folder by default); not for file drops.';
grant execute on function app.share_link_listing(text, text, uuid) to anon, authenticated;

/*
 * The current version of one file a link reaches, in the shape
 * app.version_for_download answers: the shared file (file_id null or its
 * id), or a file under the shared folder. `purpose` is `download` (the raw
 * bytes: refused for preview_only links) or `preview`. File drops read nothing.
 */
create or replace function app.share_link_version(token text, access text default null, file_id uuid default null,
  purpose text default 'download')
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  link app.share_links := private.serving_link(token, access);
  served jsonb;
begin
  if purpose is null or purpose not in ('download', 'preview') then
    raise exception using errcode = 'PT400', message = 'purpose must be download or preview.';
  end if;
  if link.type = 'file_drop' then
    raise exception using errcode = 'PT403', message = 'This link only takes uploads: what is in the folder stays private.';
  end if;
  if link.type = 'preview_only' and purpose = 'download' then
    raise exception using errcode = 'PT403', message = 'Download disabled by the owner: this link shows previews only.';
  end if;
  select jsonb_build_object(
    'file_id', f.id, 'version_id', v.id, 'version', v.version, 'name', f.name, 'object_key', v.object_key,
    'size', v.size, 'sha256', v.sha256, 'mime_type', v.mime_type, 'owner_id', f.owner_id
  ) into served
  from app.files f
  join app.file_versions v on v.id = f.current_version_id
  where f.trashed_at is null
    and case
      when link.file_id is not null then f.id = link.file_id and (file_id is null or file_id = link.file_id)
      else f.id = file_id and f.folder_id in (select private.link_folders(link))
    end;
  if served is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return served;
end
$$;
comment on function app.share_link_version(text, text, uuid, text) is
  'The current version of a file a link reaches (the shared file, or one under the shared folder), for a download or a preview.';
grant execute on function app.share_link_version(text, text, uuid, text) to anon, authenticated;

/*
 * The files a zip of a folder link holds: every file under `folder_id` (the
 * shared folder by default), or only `file_ids` (each under the link), with
 * its path inside the zip. Not for preview_only links or file drops.
 */
create or replace function app.share_link_zip_entries(token text, access text default null, folder_id uuid default null,
  file_ids uuid[] default null)
returns table (path text, object_key text, size bigint, sha256 text, updated_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  link app.share_links := private.serving_link(token, access);
  root uuid;
begin
  if link.folder_id is null then
    raise exception using errcode = 'PT400', message = 'A zip is for a folder link.';
  end if;
  if link.type not in ('view', 'edit') then
    raise exception using errcode = 'PT403', message = 'Download disabled by the owner: this link shows previews only.';
  end if;
  root := coalesce(folder_id, link.folder_id);
  if root not in (select private.link_folders(link)) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  if cardinality(file_ids) > 10000 then
    raise exception using errcode = 'PT400', message = 'A zip can hold at most 10000 chosen files.';
  end if;
  return query
  with recursive tree as (
    select d.id, ''::text as prefix from app.folders d where d.id = root
    union all
    select d.id, t.prefix || d.name || '/' from app.folders d join tree t on d.parent_id = t.id where d.trashed_at is null
  )
  select t.prefix || f.name, v.object_key, v.size, v.sha256, f.updated_at
  from tree t
  join app.files f on f.folder_id = t.id and f.trashed_at is null
  join app.file_versions v on v.id = f.current_version_id
  where file_ids is null or f.id = any (file_ids)
  order by 1;
end
$$;
comment on function app.share_link_zip_entries(text, text, uuid, uuid[]) is
  'The files (path in the zip, object, size) a zip of a folder link holds: a folder under it, or chosen files.';
grant execute on function app.share_link_zip_entries(text, text, uuid, uuid[]) to anon, authenticated;

/*
 * Counts one delivery through a link (a file's first byte, or a zip) and
 * logs it; PT410 when the link reached its limit meanwhile. Atomic: the
 * update re-checks the limit under the row lock.
 */
create or replace function app.count_share_download(token text, access text default null, file_id uuid default null,
  zip boolean default false)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  link app.share_links := private.serving_link(token, access);
  now_count integer;
begin
  update app.share_links l set downloads = l.downloads + 1, last_used_at = now()
  where l.id = link.id and l.revoked_at is null and (l.max_downloads is null or l.downloads < l.max_downloads)
  returning l.downloads into now_count;
  if now_count is null then
    raise exception using errcode = 'PT410', message = 'This link has reached its download limit.';
  end if;
  perform app.log_activity('share_link.download', null, 'share_link', link.id::text,
    jsonb_build_object('owner_id', link.owner_id, 'file_id', coalesce(file_id, link.file_id), 'zip', zip));
  return now_count;
end
$$;
comment on function app.count_share_download(text, text, uuid, boolean) is
  'Counts and logs one delivery through a link (PT410 at its limit); the edge calls it once per response that sends a file''s first byte.';
grant execute on function app.count_share_download(text, text, uuid, boolean) to anon, authenticated;
