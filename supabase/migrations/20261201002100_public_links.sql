/*
 * Public links: "anyone with the link can view", as Google Drive does. When
 * an owner makes a file public (`api.update_file(visibility => 'public')`),
 * the file gets an unguessable link token; anyone holding it (no account,
 * the `anon` role) downloads the file's current version through the files
 * function at `GET /functions/v1/files/public/<token>`.
 *
 * Why a token and not the file id: ids are shown to admins (`admin_files`),
 * written to the activity log and kept forever, and a file made private then
 * public again would reopen the old link to everyone who ever had it. A token
 * is new each time the file is shared, and dies when it is made private.
 *
 * The token is never stored. It is an HMAC (key: a random secret in
 * private.settings) of a random per-share nonce, so the owner can be shown the
 * same link at any time while a copy of the drive's tables (a backup, an
 * admin's query) holds only the nonce and the token's SHA-256, which is what a
 * request is looked up by.
 */

/* The secret links are derived from: random, made once, never leaves the database. */
insert into private.settings (key, value)
values ('files.public_link_secret', encode(extensions.gen_random_bytes(32), 'hex'))
on conflict (key) do nothing;

/* The link token of one share: base64url(HMAC-SHA256(secret, nonce)), 43 characters. */
create or replace function private.public_link_token(nonce uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  secret text := private.setting('files.public_link_secret');
begin
  if secret is null then
    raise exception using errcode = 'P0001', message = 'private.settings has no files.public_link_secret.';
  end if;
  -- 32 bytes encode to 44 base64 characters: no line break, one '=' to drop.
  return translate(rtrim(encode(extensions.hmac(convert_to('pgdrive public link ' || nonce::text, 'UTF8'),
    convert_to(secret, 'UTF8'), 'sha256'), 'base64'), '='), '+/', '-_');
end
$$;
comment on function private.public_link_token(uuid) is 'The public link token of a share nonce (an HMAC under files.public_link_secret).';

/*
 * One row per public file. Deleted when the file is made private (the link
 * dies at once), and with the file when it is purged.
 */
create table app.public_links (
  file_id uuid primary key references app.files (id) on delete cascade,
  owner_id uuid not null references app.users (id) on delete cascade,
  nonce uuid not null,
  token_hash bytea not null unique,
  created_at timestamptz not null default now()
);
alter table app.public_links enable row level security;
comment on table app.public_links is 'Public files: the nonce their link is derived from and the SHA-256 of the link token (never the token).';

revoke all on app.public_links from public, anon, authenticated;
grant select on app.public_links to authenticated;
grant all on app.public_links to service_role;
create policy "owners read their public links" on app.public_links
  for select to authenticated using (owner_id = (select app.current_user_id()));

/* Opens a new link for a file (a new nonce: any older link is gone). */
create or replace function app.open_public_link(target app.files)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  fresh uuid := gen_random_uuid();
begin
  insert into app.public_links (file_id, owner_id, nonce, token_hash)
  values (target.id, target.owner_id, fresh, extensions.digest(private.public_link_token(fresh), 'sha256'))
  on conflict (file_id) do update
  set nonce = excluded.nonce, token_hash = excluded.token_hash, created_at = now();
end
$$;

/*
 * The link token of one of the caller's own files, or null (not public, or
 * not the caller's: an admin listing `admin_files` never sees others' links).
 */
create or replace function app.public_link_token(target_file uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := app.current_user_id();
  share_nonce uuid;
begin
  select l.nonce into share_nonce from app.public_links l where l.file_id = target_file and l.owner_id = uid;
  if share_nonce is null then
    return null;
  end if;
  return private.public_link_token(share_nonce);
end
$$;
comment on function app.public_link_token(uuid) is 'The public link token of one of your files, or null.';
grant execute on function app.public_link_token(uuid) to authenticated, service_role;

/*
 * What the files function needs to serve a public link: the current version
 * of a public file that is not in the trash and whose owner is not disabled,
 * in the shape app.version_for_download answers; null for anything else (an
 * unknown, revoked or malformed token alike, so nothing is revealed).
 */
create or replace function app.public_version(token text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  wanted bytea;
  served jsonb;
begin
  if token is null or token !~ '^[A-Za-z0-9_-]{43}$' then
    return null;
  end if;
  wanted := extensions.digest(token, 'sha256');
  select jsonb_build_object(
    'file_id', f.id, 'version_id', v.id, 'version', v.version, 'name', f.name, 'object_key', v.object_key,
    'size', v.size, 'sha256', v.sha256, 'mime_type', v.mime_type, 'owner_id', f.owner_id
  ) into served
  from app.public_links l
  join app.files f on f.id = l.file_id
  join app.file_versions v on v.id = f.current_version_id
  join app.users u on u.id = f.owner_id
  where l.token_hash = wanted
    and f.visibility = 'public'
    and f.trashed_at is null
    and u.disabled_at is null;
  return served;
end
$$;
comment on function app.public_version(text) is 'The current version behind a public link token, or null when the link does not serve.';
grant execute on function app.public_version(text) to anon, authenticated;

/*
 * Logs a download through a public link: no actor when nobody is signed in
 * (the log's actor is nullable; only holders of logs.read see such rows).
 * The owner and version go in `meta`, never the token.
 */
create or replace function app.log_public_download(token text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  served jsonb := app.public_version(token);
begin
  if served is not null then
    perform app.log_activity('file.public_download', null, 'file', served ->> 'file_id',
      jsonb_build_object('owner_id', served ->> 'owner_id', 'version', (served ->> 'version')::integer));
  end if;
end
$$;
comment on function app.log_public_download(text) is 'Writes a file.public_download activity row for a link that serves.';
grant execute on function app.log_public_download(text) to anon, authenticated;

/*
 * Public links answer anyone, so one client could pull a public file in a
 * loop and spend its owner's bandwidth without end. Each download a link
 * starts (what the activity log counts: a GET from the first byte, not a
 * HEAD, a later range or a revalidation of a current copy) counts against
 * the client's address. Past links.max_downloads_per_ip downloads in
 * links.download_window_seconds the link answers 429 with Retry-After until
 * the oldest of them leaves the window. Refused requests do not count.
 *
 * Settings (private.settings), with defaults:
 *   links.max_downloads_per_ip      300   downloads started per client address
 *   links.download_window_seconds   3600  the sliding window (an hour)
 *
 * Two requests of one address at the same instant may both pass at the edge
 * (the count is read, then written): the limit is against loops, not exact.
 */

create table private.link_downloads (
  id bigint generated always as identity primary key,
  client_ip inet not null,
  created_at timestamptz not null default now()
);
alter table private.link_downloads enable row level security;
-- No policy on purpose: only app.start_public_download touches it.
create index link_downloads_by_client on private.link_downloads (client_ip, created_at desc);
create index link_downloads_by_age on private.link_downloads (created_at);
comment on table private.link_downloads is 'Downloads started through public links, per client address, for the per-address limit.';

/*
 * Starts a download through a public link: 0 when it may go ahead (then it
 * is counted and logged), otherwise the seconds to wait. Without a client
 * address (no gateway in front) nothing is counted.
 */
create or replace function app.start_public_download(token text)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  ip inet := app.client_ip();
  max_count integer := greatest(private.setting_int('links.max_downloads_per_ip', 300), 1);
  window_seconds integer := greatest(private.setting_int('links.download_window_seconds', 3600), 1);
  since timestamptz := now() - make_interval(secs => window_seconds);
  recent integer;
  oldest timestamptz;
begin
  if app.public_version(token) is null then
    return 0;
  end if;
  if ip is not null then
    -- Every download sweeps a few expired rows, so the table holds about one window of downloads.
    delete from private.link_downloads d
    where d.id in (select e.id from private.link_downloads e where e.created_at <= since order by e.created_at limit 20);
    select count(*), min(r.created_at) into recent, oldest
    from (
      select d.created_at from private.link_downloads d
      where d.client_ip = ip and d.created_at > since
      order by d.created_at desc
      limit max_count
    ) r;
    if recent >= max_count then
      return greatest(ceil(extract(epoch from oldest + make_interval(secs => window_seconds) - now())), 1)::integer;
    end if;
    insert into private.link_downloads (client_ip) values (ip);
  end if;
  perform app.log_public_download(token);
  return 0;
end
$$;
comment on function app.start_public_download(text) is
  'Counts and logs a download started through a public link; answers the seconds to wait when the client is over its limit, else 0.';
grant execute on function app.start_public_download(text) to anon, authenticated;
