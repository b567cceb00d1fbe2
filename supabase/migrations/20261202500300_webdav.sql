/*
 * What WebDAV needs that the drive did not hold: dead properties, locks,
 * a client's modification time, and uploads of unknown length.
 *
 * The webdav function (supabase/functions/webdav/) maps every method to the
 * drive's own functions (create_folder, move_file, copy_file, trash_*,
 * begin_upload ...), as the caller; the rules below are the ones those
 * functions lack.
 *
 *   dead properties  PROPPATCH stores any property a client names
 *                    (namespace, name, XML value) on a file, a folder or
 *                    the root; they move with the item and go with it.
 *   locks            RFC 4918 write locks on paths (as a client names them,
 *                    folded with lower() the way the drive folds names),
 *                    exclusive or shared, depth 0 or infinity, with a
 *                    timeout; a write to a locked path must submit the
 *                    lock's token (app.dav_assert_unlocked, 423).
 *   mtime            X-OC-Mtime or PROPPATCH getlastmodified sets the time
 *                    a client says its file was modified, for the current
 *                    version only: a new version shows its own time again.
 *   unknown length   a chunked PUT (macOS Finder sends them) reserves what
 *                    the quota and the size limit leave, and settles to
 *                    the bytes that arrived before it completes.
 */

create table app.dav_properties (
  id bigint generated always as identity primary key,
  owner_id uuid not null references app.users (id) on delete cascade,
  file_id uuid references app.files (id) on delete cascade,
  folder_id uuid references app.folders (id) on delete cascade,
  namespace text not null check (octet_length(namespace) <= 1000),
  name text not null check (octet_length(name) between 1 and 1000),
  -- The property's XML content, as the client sent it (without the element itself).
  value text not null check (octet_length(value) <= 65536),
  updated_at timestamptz not null default now(),
  check (file_id is null or folder_id is null)
);
alter table app.dav_properties enable row level security;
create unique index dav_properties_item on app.dav_properties
  (owner_id, coalesce(file_id, folder_id, '00000000-0000-0000-0000-000000000000'::uuid), namespace, name);
create index dav_properties_file on app.dav_properties (file_id) where file_id is not null;
create index dav_properties_folder on app.dav_properties (folder_id) where folder_id is not null;
comment on table app.dav_properties is 'WebDAV dead properties of a file, a folder or (both null) the root.';
revoke all on app.dav_properties from public, anon, authenticated;
grant select on app.dav_properties to authenticated;
grant all on app.dav_properties to service_role;
create policy "owners read the properties of their items" on app.dav_properties
  for select to authenticated
  using (owner_id = (select app.current_user_id()));
create policy "a folder-limited access token reads only properties inside its folder" on app.dav_properties
  as restrictive for select to authenticated
  using ((select app.token_folder()) is null
    or folder_id in (select app.token_subtree())
    or file_id in (select f.id from app.files f where f.folder_id in (select app.token_subtree())));

create table app.dav_locks (
  token uuid primary key default gen_random_uuid(),
  owner_id uuid not null references app.users (id) on delete cascade,
  -- The folder a folder-limited token's paths start from (null: the root of the drive).
  root_id uuid references app.folders (id) on delete cascade,
  path text not null check (octet_length(path) <= 8000),
  depth text not null check (depth in ('0', 'infinity')),
  scope text not null check (scope in ('exclusive', 'shared')),
  -- The client's <owner> element, returned in lockdiscovery.
  owner_xml text not null default '' check (octet_length(owner_xml) <= 4096),
  timeout_seconds integer not null check (timeout_seconds between 1 and 604800),
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
alter table app.dav_locks enable row level security;
create index dav_locks_path on app.dav_locks (owner_id, path);
comment on table app.dav_locks is 'WebDAV write locks on paths of a user''s drive, with their timeout.';
revoke all on app.dav_locks from public, anon, authenticated;
grant select on app.dav_locks to authenticated;
grant all on app.dav_locks to service_role;
create policy "owners read their locks" on app.dav_locks
  for select to authenticated
  using (owner_id = (select app.current_user_id()));

create table app.file_mtimes (
  file_id uuid primary key references app.files (id) on delete cascade,
  owner_id uuid not null references app.users (id) on delete cascade,
  version_id uuid not null,
  modified_at timestamptz not null
);
alter table app.file_mtimes enable row level security;
comment on table app.file_mtimes is 'The modification time a client gave a file''s version (WebDAV X-OC-Mtime, getlastmodified).';
revoke all on app.file_mtimes from public, anon, authenticated;
grant select on app.file_mtimes to authenticated;
grant all on app.file_mtimes to service_role;
create policy "owners read their files' modification times" on app.file_mtimes
  for select to authenticated
  using (owner_id = (select app.current_user_id()));

/* The item a property belongs to, checked the way every write checks: files.write, the caller's, inside a token's folder. */
create function app.dav_item(file_id uuid, folder_id uuid)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_permission('files.write');
begin
  if file_id is not null then
    perform app.owned_file(file_id);
  elsif folder_id is not null then
    perform app.owned_folder(folder_id);
  elsif not app.token_allows_folder(null) then
    -- A folder-limited token's root is its folder, never the drive's root.
    raise exception using errcode = '42501', message = 'This access token is limited to one folder.';
  end if;
  return uid;
end
$$;

/*
 * Sets and removes dead properties in one go (PROPPATCH is atomic):
 * `changes` is [{namespace, name, value}] where a null value removes.
 */
create function api.dav_set_properties(file_id uuid default null, folder_id uuid default null, changes jsonb default '[]')
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.dav_item(file_id, folder_id);
  change jsonb;
begin
  if jsonb_typeof(changes) <> 'array' or jsonb_array_length(changes) > 1000 then
    raise exception using errcode = 'PT400', message = 'changes is an array of at most 1000 {namespace, name, value}.';
  end if;
  for change in select * from jsonb_array_elements(changes) loop
    delete from app.dav_properties p
    where p.owner_id = uid and p.file_id is not distinct from file_id and p.folder_id is not distinct from folder_id
      and p.namespace = coalesce(change ->> 'namespace', '') and p.name = change ->> 'name';
    if change ->> 'value' is not null then
      insert into app.dav_properties (owner_id, file_id, folder_id, namespace, name, value)
      values (uid, file_id, folder_id, coalesce(change ->> 'namespace', ''), change ->> 'name', change ->> 'value');
    end if;
  end loop;
exception
  when check_violation or not_null_violation then
    raise exception using errcode = 'PT400', message = 'A property name or value is empty or too long.';
end
$$;
comment on function api.dav_set_properties(uuid, uuid, jsonb) is
  'WebDAV PROPPATCH: sets ([{namespace, name, value}]) or removes (value null) dead properties of a file, a folder or the root, all or none.';
grant execute on function api.dav_set_properties(uuid, uuid, jsonb) to authenticated;

/* Copies an item's dead properties to its copy (COPY carries them, RFC 4918 9.8.2). */
create function api.dav_copy_properties(from_file uuid default null, from_folder uuid default null,
  to_file uuid default null, to_folder uuid default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := app.dav_item(to_file, to_folder);
begin
  perform app.dav_item(from_file, from_folder);
  delete from app.dav_properties p where p.owner_id = uid
    and p.file_id is not distinct from to_file and p.folder_id is not distinct from to_folder;
  insert into app.dav_properties (owner_id, file_id, folder_id, namespace, name, value)
  select uid, to_file, to_folder, p.namespace, p.name, p.value from app.dav_properties p
  where p.owner_id = uid and p.file_id is not distinct from from_file and p.folder_id is not distinct from from_folder;
end
$$;
comment on function api.dav_copy_properties(uuid, uuid, uuid, uuid) is 'WebDAV COPY: gives the copy the dead properties of its source.';
grant execute on function api.dav_copy_properties(uuid, uuid, uuid, uuid) to authenticated;

/* The time a client says it modified the file's current version. */
create function api.set_file_mtime(file_id uuid default null, modified_at timestamptz default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  target app.files := app.owned_file(file_id);
begin
  if modified_at is null or modified_at < '1970-01-01' or modified_at > now() + interval '1 day' then
    raise exception using errcode = 'PT400', message = 'A modification time between 1970 and tomorrow is required.';
  end if;
  insert into app.file_mtimes (file_id, owner_id, version_id, modified_at)
  values (target.id, uid, target.current_version_id, modified_at)
  on conflict on constraint file_mtimes_pkey do update set version_id = excluded.version_id, modified_at = excluded.modified_at;
end
$$;
comment on function api.set_file_mtime(uuid, timestamptz) is 'Sets the modification time a client reports for the file''s current version (rclone, WebDAV getlastmodified).';
grant execute on function api.set_file_mtime(uuid, timestamptz) to authenticated;

create view api.file_mtimes with (security_invoker = true) as
  select m.file_id, m.modified_at
  from app.file_mtimes m
  join app.files f on f.id = m.file_id and f.current_version_id = m.version_id
  where m.owner_id = (select app.current_user_id());
comment on view api.file_mtimes is 'The modification time a client set for a file''s current version, when it set one.';
grant select on api.file_mtimes to authenticated;

create view api.dav_properties with (security_invoker = true) as
  select p.file_id, p.folder_id, p.namespace, p.name, p.value
  from app.dav_properties p
  where p.owner_id = (select app.current_user_id());
comment on view api.dav_properties is 'Your WebDAV dead properties; file_id and folder_id both null means the root.';
grant select on api.dav_properties to authenticated;

/*
 * Locks. A lock covers its path, and with depth infinity everything below.
 * The paths are the DAV paths a client names ('/a/b.txt', folded with
 * lower()), from the root the caller's token sees.
 */
create function app.dav_path_key(path text)
returns text
language sql
immutable
set search_path = ''
as $$
  select lower(normalize(rtrim(path, '/'), NFC))
$$;

/* The caller's unexpired locks that cover `path` or (for a collection's delete or move) lie below it. */
create function api.dav_locks_on(path text default '/', below boolean default false)
returns setof app.dav_locks
language sql
stable
security definer
set search_path = ''
as $$
  select l.* from app.dav_locks l
  where l.owner_id = app.current_user_id()
    and l.root_id is not distinct from app.token_folder()
    and l.expires_at > now()
    and (l.path = app.dav_path_key(dav_locks_on.path)
      or (l.depth = 'infinity' and app.dav_path_key(dav_locks_on.path) like l.path || '/%')
      or (dav_locks_on.below and l.path like app.dav_path_key(dav_locks_on.path) || '/%'))
$$;
comment on function api.dav_locks_on(text, boolean) is 'The unexpired WebDAV locks covering a path (and, with below, those under it).';
grant execute on function api.dav_locks_on(text, boolean) to authenticated;

/* 423 unless every lock on the paths (and below `below_paths`) is one whose token the request submitted. */
create function api.dav_assert_unlocked(paths text[] default '{}', below_paths text[] default '{}', tokens uuid[] default '{}')
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  p text;
begin
  foreach p in array coalesce(paths, '{}') loop
    if exists (select from api.dav_locks_on(p, p = any (coalesce(below_paths, '{}'))) l where l.token <> all (coalesce(tokens, '{}'))) then
      raise exception using errcode = 'PT423', message = format('%s is locked.', p),
        hint = 'Submit the lock token in an If header.';
    end if;
  end loop;
end
$$;
comment on function api.dav_assert_unlocked(text[], text[], uuid[]) is 'WebDAV: 423 when a path is locked by a lock whose token the request did not submit.';
grant execute on function api.dav_assert_unlocked(text[], text[], uuid[]) to authenticated;

/*
 * Takes a lock, or refreshes one (refresh => its token). An exclusive lock
 * conflicts with any other lock on the path, above it (depth infinity) or,
 * for a depth-infinity lock, below it; a shared lock only with exclusive ones.
 */
create function api.dav_lock(
  path text default null,
  depth text default 'infinity',
  scope text default 'exclusive',
  owner_xml text default '',
  timeout_seconds integer default 600,
  refresh uuid default null
)
returns setof app.dav_locks
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  key text := app.dav_path_key(path);
  ttl integer := least(greatest(coalesce(timeout_seconds, 600), 1), private.setting_int('webdav.max_lock_seconds', 86400));
begin
  if path is null or path !~ '^/' then
    raise exception using errcode = 'PT400', message = 'A lock needs an absolute path.';
  end if;
  -- One lock at a time per user and path: serialise takers.
  perform pg_advisory_xact_lock(hashtextextended(uid::text || key, 0));
  if refresh is not null then
    return query
    update app.dav_locks l set timeout_seconds = ttl, expires_at = now() + make_interval(secs => ttl)
    where l.token = refresh and l.owner_id = uid and l.expires_at > now()
    returning l.*;
    if not found then
      raise exception using errcode = 'PT412', message = 'That lock does not exist or has expired.';
    end if;
    return;
  end if;
  if depth not in ('0', 'infinity') or scope not in ('exclusive', 'shared') then
    raise exception using errcode = 'PT400', message = 'A lock is exclusive or shared, of depth 0 or infinity.';
  end if;
  delete from app.dav_locks l where l.owner_id = uid and l.expires_at <= now();
  if exists (
       select from api.dav_locks_on(path, depth = 'infinity') l
       where scope = 'exclusive' or l.scope = 'exclusive') then
    raise exception using errcode = 'PT423', message = format('%s is already locked.', path);
  end if;
  if (select count(*) from app.dav_locks l where l.owner_id = uid) >= private.setting_int('webdav.max_locks_per_user', 1000) then
    raise exception using errcode = 'PT409', message = 'Too many locks: unlock some first.';
  end if;
  return query
  insert into app.dav_locks (owner_id, root_id, path, depth, scope, owner_xml, timeout_seconds, expires_at)
  values (uid, app.token_folder(), key, depth, scope, left(coalesce(owner_xml, ''), 4096), ttl, now() + make_interval(secs => ttl))
  returning *;
end
$$;
comment on function api.dav_lock(text, text, text, text, integer, uuid) is
  'WebDAV LOCK: takes (or, with refresh, renews) a write lock on a path for timeout_seconds; 423 when it conflicts with another.';
grant execute on function api.dav_lock(text, text, text, text, integer, uuid) to authenticated;

create function api.dav_unlock(token uuid default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
begin
  delete from app.dav_locks l where l.token = dav_unlock.token and l.owner_id = app.require_user_id();
  if not found then
    raise exception using errcode = 'PT409', message = 'No such lock.';
  end if;
end
$$;
comment on function api.dav_unlock(uuid) is 'WebDAV UNLOCK: removes one of your locks.';
grant execute on function api.dav_unlock(uuid) to authenticated;

/* A moved or deleted path takes its locks with it (RFC 4918 7.7: a move does not move locks). */
create function api.dav_drop_locks(path text default null)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  delete from app.dav_locks l
  where l.owner_id = app.current_user_id() and l.root_id is not distinct from app.token_folder()
    and (l.path = app.dav_path_key(dav_drop_locks.path) or l.path like app.dav_path_key(dav_drop_locks.path) || '/%')
$$;
comment on function api.dav_drop_locks(text) is 'WebDAV: forgets the locks on a path and below it, once it was deleted or moved away.';
grant execute on function api.dav_drop_locks(text) to authenticated;

/*
 * Unknown length. The reservation for a body without Content-Length: the
 * bytes the quota leaves, at most the size limit.
 */
create function api.unknown_length_reservation()
returns bigint
language sql
volatile
security definer
set search_path = ''
as $$
  select greatest(least(app.lock_free_bytes(app.require_user_id()), app.files_setting('files.max_file_size')), 0)
$$;
comment on function api.unknown_length_reservation() is 'The bytes an upload of unknown length may reserve: what the quota leaves, at most the size limit.';
grant execute on function api.unknown_length_reservation() to authenticated;

/* Settles an upload's reservation to the bytes that arrived, before it completes (a body of unknown length). */
create function app.settle_upload(upload_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  update app.uploads u set size = u.received_size
  where u.id = settle_upload.upload_id and u.owner_id = app.require_permission('files.write')
    and u.status = 'pending' and u.received_size is not null and u.received_size <= u.size;
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$$;
comment on function app.settle_upload(uuid) is 'Gives back the part of a pending upload''s reservation its bytes did not use.';
grant execute on function app.settle_upload(uuid) to authenticated;
