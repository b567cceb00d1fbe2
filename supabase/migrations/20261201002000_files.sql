/*
 * The drive's metadata: folders, files, file versions, uploads in flight and
 * each user's storage account (quota, bytes used). File bytes never live in
 * Postgres: a version names an immutable object in the storage driver by an
 * id (`object_key`), never by the user's file name.
 *
 * Reads go through the `api` views under row-level security (a user sees only
 * their own rows; an admin holding `files.read_all_metadata` sees every
 * row's metadata, see the rbac migration's policies). Writes go only through
 * functions (the uploads below, then file_operations), which validate names,
 * types and quota: the API roles hold no insert/update/delete privilege on
 * these tables.
 */

/*
 * Settings, with defaults. Each can be overridden in private.settings:
 *   files.default_quota          bytes per user (1 GiB)
 *   files.max_file_size          bytes per file (5 GiB)
 *   files.max_versions           versions kept per file, the oldest pruned (10)
 *   files.trash_retention_days   days in the trash before auto-purge (30)
 *   files.upload_ttl_seconds     lifetime of a signed upload (1 hour)
 *   files.tus_ttl_seconds        lifetime of a resumable upload (24 hours)
 */
create or replace function app.files_setting(setting_key text)
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    nullif(private.setting(setting_key), '')::bigint,
    case setting_key
      when 'files.default_quota' then 1073741824
      when 'files.max_file_size' then 5368709120
      when 'files.max_versions' then 10
      when 'files.trash_retention_days' then 30
      when 'files.upload_ttl_seconds' then 3600
      when 'files.tus_ttl_seconds' then 86400
    end
  )
$$;
comment on function app.files_setting(text) is 'A numeric drive setting from private.settings, or its default.';
grant execute on function app.files_setting(text) to authenticated, service_role;

/*
 * Folders: a tree per user. Names are unique per parent, case-insensitively,
 * among items not in the trash.
 */
create table app.folders (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references app.users (id) on delete cascade,
  parent_id uuid references app.folders (id) on delete cascade,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  trashed_at timestamptz,
  constraint folders_not_own_parent check (parent_id is distinct from id)
);
alter table app.folders enable row level security;
create unique index folders_unique_name on app.folders
  (owner_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))
  where trashed_at is null;
create index folders_parent on app.folders (parent_id);
create index folders_trashed on app.folders (owner_id, trashed_at) where trashed_at is not null;
comment on table app.folders is 'Folders of the drive: one tree per user.';

/*
 * Files: the current state of each file (its newest version's size, hash and
 * type are copied here so listings need no join).
 */
create table app.files (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references app.users (id) on delete cascade,
  folder_id uuid references app.folders (id) on delete cascade,
  name text not null,
  mime_type text not null default 'application/octet-stream',
  size bigint not null default 0 check (size >= 0),
  sha256 text,
  visibility text not null default 'private' check (visibility in ('private', 'public')),
  description text check (char_length(description) <= 10000),
  current_version_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  trashed_at timestamptz,
  -- Kept by the search index's triggers (the search_index migration), never written by hand.
  type_group text not null default 'other',
  tag_ids uuid[] not null default '{}',
  search_vector tsvector not null default ''::tsvector,
  search_trigrams text[] not null default '{}',
  search_words tsvector not null default ''::tsvector,
  -- The target of file_tags' composite key: a tag link's file has the link's owner.
  constraint files_id_owner_key unique (id, owner_id)
);
alter table app.files enable row level security;
create unique index files_unique_name on app.files
  (owner_id, coalesce(folder_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))
  where trashed_at is null;
create index files_folder on app.files (folder_id);

create index files_trashed on app.files (owner_id, trashed_at) where trashed_at is not null;
/*
 * Listing a folder: the web asks for a folder's live files in name order
 * (`files?trashed_at=is.null&folder_id=eq.<id>&order=name`, `folder_id=is.null`
 * for the root), through api.files, which keeps the caller's own rows. These
 * two indexes answer in name order, reading only the folder's own live files
 * (without them, an owner of 200,000 files waited 20-75 ms: Postgres read all
 * of the owner's files and sorted). The root needs its own: `folder_id is
 * null` is not an equality, so Postgres would not take name order from an
 * index whose middle column is folder_id.
 */
create index files_listing on app.files (owner_id, folder_id, name) where trashed_at is null;
create index files_listing_root on app.files (owner_id, name) where folder_id is null and trashed_at is null;
comment on table app.files is 'Files of the drive, one row per file; bytes live in the storage driver.';
comment on column app.files.type_group is 'Search: the type group of mime_type, kept by trigger.';
comment on column app.files.tag_ids is 'Search: the ids of the file''s tags (sorted), kept by trigger from app.file_tags.';
comment on column app.files.search_vector is 'Search: name, tags, description and content words, kept by trigger.';
comment on column app.files.search_trigrams is 'Search: the owner''s trigram keys of the name, kept by trigger.';
comment on column app.files.search_words is 'Search: the owner''s word keys (name words and all words), kept by trigger.';

/*
 * Versions: every upload to an existing path adds one. Several versions (a
 * copy, a restored version) may share one immutable object.
 */
create table app.file_versions (
  id uuid primary key default gen_random_uuid(),
  file_id uuid not null references app.files (id) on delete cascade,
  owner_id uuid not null references app.users (id) on delete cascade,
  version integer not null check (version > 0),
  object_key text not null,
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  mime_type text not null,
  created_by uuid references app.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (file_id, version)
);
alter table app.file_versions enable row level security;
create index file_versions_object on app.file_versions (object_key);
create index file_versions_owner on app.file_versions (owner_id);
comment on table app.file_versions is 'Every stored version of a file and the object holding its bytes.';

-- Files and versions point at each other; this half waits for the versions table.
alter table app.files
  add constraint files_current_version foreign key (current_version_id)
  references app.file_versions (id) on delete set null deferrable initially deferred;

/*
 * Uploads in flight. `begin_upload` reserves `size` bytes of quota until the
 * upload completes, is cancelled or expires; the object it will fill is
 * named here before any byte arrives, so the collector can always find it.
 * The functions fill `received_*` with what they measured as the bytes went by.
 */
create table app.uploads (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references app.users (id) on delete cascade,
  folder_id uuid references app.folders (id) on delete cascade,
  name text not null,
  size bigint check (size >= 0),
  mime_type text not null,
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  description text check (char_length(description) <= 10000),
  tags text[] not null default '{}',
  object_key text not null unique,
  kind text not null check (kind in ('signed', 'tus', 'direct')),
  status text not null default 'pending' check (status in ('pending', 'completed')),
  received_size bigint,
  received_sha256 text,
  sniffed_mime text,
  file_id uuid references app.files (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  completed_at timestamptz
);
alter table app.uploads enable row level security;
create index uploads_owner_pending on app.uploads (owner_id) where status = 'pending';
create index uploads_expiry on app.uploads (expires_at) where status = 'pending';
comment on table app.uploads is 'Uploads in flight, each reserving quota for its declared size.';

/*
 * Storage accounts: one row per user who stored something, holding their
 * quota (null = the default) and the bytes their versions use. Locking this
 * row serialises one user's reservations so two uploads cannot both take the
 * last free byte.
 */
create table app.storage_accounts (
  owner_id uuid primary key references app.users (id) on delete cascade,
  quota bigint check (quota >= 0),
  used bigint not null default 0 check (used >= 0)
);
alter table app.storage_accounts enable row level security;
comment on table app.storage_accounts is 'Per-user quota and bytes used.';

/*
 * Objects no longer referenced, waiting for the collector to delete their
 * bytes. Rows appear only when the deleting transaction commits, which is how
 * "objects are deleted after the transaction commits" holds.
 */
create table app.storage_garbage (
  object_key text primary key,
  enqueued_at timestamptz not null default now()
);
alter table app.storage_garbage enable row level security;
comment on table app.storage_garbage is 'Objects to delete from the storage driver.';

/*
 * The deny-list: types refused by extension or by MIME type (declared or
 * sniffed from the bytes). Executables and scripts that run on a click.
 */
create table app.denied_file_types (
  kind text not null check (kind in ('extension', 'mime')),
  value text not null check (value = lower(value)),
  primary key (kind, value)
);
alter table app.denied_file_types enable row level security;
comment on table app.denied_file_types is 'Extensions and MIME types the drive refuses to store.';
insert into app.denied_file_types (kind, value)
select 'extension', unnest(array[
  'exe', 'dll', 'com', 'scr', 'msi', 'msp', 'msc', 'pif', 'cpl', 'sys', 'drv',
  'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'jse', 'wsf', 'wsh', 'hta', 'lnk', 'reg', 'inf',
  'sh', 'bash', 'zsh', 'csh', 'ksh', 'command', 'app', 'apk', 'jar', 'run', 'elf', 'deb', 'rpm'
])
union all
select 'mime', unnest(array[
  'application/x-msdownload', 'application/x-dosexec', 'application/x-msdos-program',
  'application/vnd.microsoft.portable-executable', 'application/x-ms-installer', 'application/x-msi',
  'application/x-executable', 'application/x-elf', 'application/x-sharedlib', 'application/x-mach-binary',
  'application/x-sh', 'application/x-shellscript', 'text/x-shellscript', 'text/x-sh',
  'application/x-bat', 'application/x-csh', 'application/hta', 'application/java-archive',
  'application/vnd.android.package-archive', 'application/x-apple-diskimage'
]);

/* Privileges: the API roles only read, through the views and RLS. */
revoke all on app.folders, app.files, app.file_versions, app.uploads, app.storage_accounts,
  app.storage_garbage, app.denied_file_types from public, anon, authenticated;
grant select on app.folders, app.files, app.file_versions, app.uploads, app.storage_accounts,
  app.denied_file_types to authenticated;
grant all on app.folders, app.files, app.file_versions, app.uploads, app.storage_accounts,
  app.storage_garbage, app.denied_file_types to service_role;

/* Policies: owners read their own rows. */
create policy "owners read their folders" on app.folders
  for select to authenticated using (owner_id = (select app.current_user_id()));
create policy "owners read their files" on app.files
  for select to authenticated using (owner_id = (select app.current_user_id()));
create policy "owners read their file versions" on app.file_versions
  for select to authenticated using (owner_id = (select app.current_user_id()));
create policy "owners read their uploads" on app.uploads
  for select to authenticated using (owner_id = (select app.current_user_id()));
create policy "owners read their storage account" on app.storage_accounts
  for select to authenticated using (owner_id = (select app.current_user_id()));
create policy "signed-in users read the deny-list" on app.denied_file_types
  for select to authenticated using (true);
create policy "the service role manages the garbage queue" on app.storage_garbage
  for all to service_role using (true) with check (true);

create or replace function app.file_versions_bookkeeping()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into app.storage_accounts (owner_id, used) values (new.owner_id, new.size)
    on conflict (owner_id) do update set used = app.storage_accounts.used + excluded.used;
    return new;
  end if;
  update app.storage_accounts set used = greatest(used - old.size, 0) where owner_id = old.owner_id;
  perform app.enqueue_unreferenced_object(old.object_key);
  return old;
end
$$;

create trigger file_versions_bookkeeping
  after insert or delete on app.file_versions
  for each row execute function app.file_versions_bookkeeping();

create or replace function app.uploads_collect_object()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.status = 'pending' then
    perform app.enqueue_unreferenced_object(old.object_key);
  end if;
  return old;
end
$$;

create trigger uploads_collect_object
  after delete on app.uploads
  for each row execute function app.uploads_collect_object();

/* updated_at follows every change (app.touch_updated_at comes with the accounts). */
create trigger folders_touch before update on app.folders
  for each row execute function app.touch_updated_at();
create trigger files_touch before update on app.files
  for each row execute function app.touch_updated_at();
create view api.storage_usage with (security_invoker = true) as
  select coalesce(a.used, 0)::bigint as used,
         coalesce((select sum(coalesce(u.size, 0)) from app.uploads u
                   where u.owner_id = me.id and u.status = 'pending' and u.expires_at > now()), 0)::bigint as reserved,
         coalesce(a.quota, app.files_setting('files.default_quota'))::bigint as quota
  from (select app.current_user_id() as id) me
  left join app.storage_accounts a on a.owner_id = me.id
  where me.id is not null;
comment on view api.storage_usage is 'Your storage: bytes used, bytes reserved by uploads in flight, and your quota.';

revoke all on api.storage_usage from public, anon, authenticated;
grant select on api.storage_usage to authenticated, service_role;

/*
 * Uploads: the rules a file must pass before and after its bytes arrive.
 *
 * The `files` edge function moves bytes and calls these functions as the
 * signed-in user (set local role authenticated + request.jwt.claims):
 *   begin_upload        validates name, type and size, reserves quota, names the object
 *   record_upload_bytes stores what the function measured (size, sha256, sniffed type)
 *   complete_upload     checks those against the reservation and, in one
 *                       transaction, creates the file or a new version of it
 *   cancel_upload       gives the reservation back
 * They live in `app`, not `api`: a client calling complete_upload directly
 * could claim bytes it never sent. Only the function can reach them.
 * The same validation helpers serve the rename/move/copy functions.
 */

/* The signed-in user's id, or 42501 (401/403 over HTTP) for anon. */
create or replace function app.require_user_id()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  uid uuid := app.current_user_id();
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'Sign in first.';
  end if;
  return uid;
end
$$;
grant execute on function app.require_user_id() to authenticated, service_role;

/*
 * A valid file or folder name, normalised (NFC, outer spaces trimmed), or an
 * error saying what is wrong: no separators, control characters, "." or "..",
 * Windows reserved names, at most 255 bytes.
 */
create or replace function app.check_name(raw text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  n text := btrim(normalize(coalesce(raw, ''), nfc));
begin
  if n = '' then
    raise exception using errcode = 'PT400', message = 'A name cannot be empty.';
  end if;
  if octet_length(n) > 255 then
    raise exception using errcode = 'PT400', message = 'A name can be at most 255 bytes long.';
  end if;
  if strpos(n, '/') > 0 or strpos(n, E'\\') > 0 then
    raise exception using errcode = 'PT400', message = 'A name cannot contain "/" or "\".';
  end if;
  if n ~ E'[\\x01-\\x1f\\x7f]' then
    raise exception using errcode = 'PT400', message = 'A name cannot contain control characters.';
  end if;
  if n in ('.', '..') then
    raise exception using errcode = 'PT400', message = 'A name cannot be "." or "..".';
  end if;
  if upper(split_part(n, '.', 1)) ~ '^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])$' then
    raise exception using errcode = 'PT400', message = format('"%s" is a reserved name.', n);
  end if;
  return n;
end
$$;
grant execute on function app.check_name(text) to authenticated, service_role;

/* A MIME type reduced to `type/subtype` in lower case, or application/octet-stream. */
create or replace function app.normalize_mime(raw text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when m ~ '^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$' then m
    else 'application/octet-stream'
  end
  from (select lower(btrim(split_part(coalesce(raw, ''), ';', 1))) as m) as given
$$;
grant execute on function app.normalize_mime(text) to authenticated, service_role;

/* Refuses (PT415) a name whose extension, or a MIME type, is on the deny-list. */
create or replace function app.assert_allowed_type(file_name text, mime text)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  ext text := lower(substring(file_name from '\.([^.]+)$'));
begin
  if ext is not null and exists (select from app.denied_file_types where kind = 'extension' and value = ext) then
    raise exception using errcode = 'PT415',
      message = format('Files ending in ".%s" cannot be stored: executables and scripts are refused.', ext);
  end if;
  if exists (select from app.denied_file_types where kind = 'mime' and value = lower(mime)) then
    raise exception using errcode = 'PT415',
      message = format('Files of type %s cannot be stored: executables and scripts are refused.', lower(mime));
  end if;
end
$$;
grant execute on function app.assert_allowed_type(text, text) to authenticated, service_role;

/*
 * A path ("docs/2024/report.pdf", leading and doubled slashes ignored, "\"
 * treated as "/") split into checked names. "." and ".." segments are
 * refused, never resolved, so no path can climb out of the user's tree.
 */
create or replace function app.split_path(path text)
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  parts text[] := '{}';
  segment text;
begin
  if path is null or btrim(path) = '' then
    raise exception using errcode = 'PT400', message = 'The path is empty.';
  end if;
  if octet_length(path) > 4096 then
    raise exception using errcode = 'PT400', message = 'The path is too long.';
  end if;
  foreach segment in array string_to_array(replace(path, E'\\', '/'), '/') loop
    continue when btrim(segment) = '';
    if btrim(segment) in ('.', '..') then
      raise exception using errcode = 'PT400', message = 'A path cannot contain "." or ".." segments.';
    end if;
    parts := parts || app.check_name(segment);
  end loop;
  if cardinality(parts) = 0 then
    raise exception using errcode = 'PT400', message = 'The path names no file.';
  end if;
  if cardinality(parts) > 64 then
    raise exception using errcode = 'PT400', message = 'The path is too deep (at most 64 levels).';
  end if;
  return parts;
end
$$;
grant execute on function app.split_path(text) to authenticated, service_role;

/* The caller's folder, not in the trash, or PT404. Null (the root) passes. */
create or replace function app.assert_folder_usable(target uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if target is not null and not exists (
    select from app.folders
    where id = target and owner_id = app.current_user_id() and trashed_at is null
  ) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
end
$$;
grant execute on function app.assert_folder_usable(uuid) to authenticated, service_role;

/* The folder `folder_name` under `parent` (null = root) of `owner`, created when missing. */
create or replace function app.ensure_folder(owner uuid, parent uuid, folder_name text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  found_id uuid;
begin
  select id into found_id from app.folders
  where owner_id = owner and parent_id is not distinct from parent
    and lower(name) = lower(folder_name) and trashed_at is null;
  if found_id is not null then
    return found_id;
  end if;
  insert into app.folders (owner_id, parent_id, name) values (owner, parent, folder_name)
  on conflict (owner_id, (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid)), (lower(name)))
    where trashed_at is null
  do nothing
  returning id into found_id;
  if found_id is null then
    -- Another transaction created it a moment ago.
    select id into found_id from app.folders
    where owner_id = owner and parent_id is not distinct from parent
      and lower(name) = lower(folder_name) and trashed_at is null;
  end if;
  return found_id;
end
$$;

/*
 * Locks the caller's storage account and answers how many bytes are free
 * (quota - used - reserved by other pending uploads). Callers hold the lock
 * until their transaction ends, so reservations cannot race.
 */
create or replace function app.lock_free_bytes(owner uuid, except_upload uuid default null)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  account app.storage_accounts;
  reserved bigint;
begin
  insert into app.storage_accounts (owner_id) values (owner) on conflict do nothing;
  select * into account from app.storage_accounts where owner_id = owner for update;
  select coalesce(sum(size), 0) into reserved from app.uploads
  where owner_id = owner and status = 'pending' and expires_at > now()
    and id is distinct from except_upload;
  return coalesce(account.quota, app.files_setting('files.default_quota')) - account.used - reserved;
end
$$;

/* Raises PT413 in plain words when `needed` bytes do not fit in `free`. */
create or replace function app.assert_fits(needed bigint, free bigint, owner uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  quota bigint := coalesce((select quota from app.storage_accounts where owner_id = owner),
                           app.files_setting('files.default_quota'));
begin
  if needed > free then
    raise exception using errcode = 'PT413',
      message = format('Not enough storage: this needs %s but only %s of your %s is free.',
                       pg_catalog.pg_size_pretty(needed), pg_catalog.pg_size_pretty(greatest(free, 0)),
                       pg_catalog.pg_size_pretty(quota)),
      hint = 'Empty the trash or delete files to free space.';
  end if;
end
$$;

/*
 * Starts an upload: checks name, type, size and quota, reserves the bytes and
 * names the object. `path` is a folder path (relative to `folder_id`) when
 * `name` is given, else the file's whole path; missing folders are created.
 * `size` may be null only for direct (streamed) uploads, limited to `max_bytes`.
 */
create or replace function app.begin_upload(
  name text,
  size bigint,
  mime_type text default null,
  folder_id uuid default null,
  path text default null,
  sha256 text default null,
  description text default null,
  tags text[] default null,
  kind text default 'signed'
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
  parts text[];
  file_name text;
  target uuid := begin_upload.folder_id;
  mime text := app.normalize_mime(begin_upload.mime_type);
  max_size bigint := app.files_setting('files.max_file_size');
  free bigint;
  upload app.uploads;
  segment text;
begin
  if begin_upload.kind is null or begin_upload.kind not in ('signed', 'tus', 'direct') then
    raise exception using errcode = 'PT400', message = 'Unknown upload kind.';
  end if;
  if begin_upload.size is null and begin_upload.kind <> 'direct' then
    raise exception using errcode = 'PT400', message = 'The size of the file is required.';
  end if;
  if begin_upload.size < 0 then
    raise exception using errcode = 'PT400', message = 'The size cannot be negative.';
  end if;
  if begin_upload.size > max_size then
    raise exception using errcode = 'PT413',
      message = format('The file is too large: the limit is %s.', pg_catalog.pg_size_pretty(max_size));
  end if;
  if begin_upload.sha256 is not null and lower(begin_upload.sha256) !~ '^[0-9a-f]{64}$' then
    raise exception using errcode = 'PT400', message = 'sha256 must be 64 hexadecimal characters.';
  end if;
  if cardinality(begin_upload.tags) > 50 then
    raise exception using errcode = 'PT400', message = 'A file can have at most 50 tags.';
  end if;
  if char_length(begin_upload.description) > 10000 then
    raise exception using errcode = 'PT400', message = 'The description can be at most 10000 characters long.';
  end if;

  perform app.assert_folder_usable(target);
  if begin_upload.path is not null then
    parts := app.split_path(begin_upload.path);
    if begin_upload.name is null then
      file_name := parts[cardinality(parts)];
      parts := parts[1:cardinality(parts) - 1];
    else
      file_name := app.check_name(begin_upload.name);
    end if;
    foreach segment in array parts loop
      target := app.ensure_folder(uid, target, segment);
    end loop;
  else
    file_name := app.check_name(begin_upload.name);
  end if;
  perform app.assert_allowed_type(file_name, mime);

  free := app.lock_free_bytes(uid);
  perform app.assert_fits(coalesce(begin_upload.size, 0), free, uid);

  insert into app.uploads (owner_id, folder_id, name, size, mime_type, sha256, description, tags, object_key, kind, expires_at)
  values (
    uid, target, file_name, begin_upload.size, mime, lower(begin_upload.sha256), begin_upload.description,
    coalesce(begin_upload.tags, '{}'), gen_random_uuid()::text, begin_upload.kind,
    now() + make_interval(secs => app.files_setting(
      case when begin_upload.kind = 'tus' then 'files.tus_ttl_seconds' else 'files.upload_ttl_seconds' end))
  )
  returning * into upload;

  return jsonb_build_object(
    'id', upload.id,
    'object_key', upload.object_key,
    'name', upload.name,
    'folder_id', upload.folder_id,
    'size', upload.size,
    'mime_type', upload.mime_type,
    'expires_at', upload.expires_at,
    'max_bytes', coalesce(upload.size, least(max_size, greatest(free, 0)))
  );
end
$$;
grant execute on function app.begin_upload(text, bigint, text, uuid, text, text, text, text[], text) to authenticated;
/*
 * Stores what the function measured while the bytes streamed to the driver.
 * (The caller is read once into a variable: in a WHERE clause the planner may
 * evaluate it while estimating, which fails a check without a signed-in
 * caller such as plpgsql_check's.)
 */
create or replace function app.record_upload_bytes(upload_id uuid, size bigint, sha256 text, sniffed_mime text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
begin
  update app.uploads
  set received_size = record_upload_bytes.size,
      received_sha256 = lower(record_upload_bytes.sha256),
      sniffed_mime = app.normalize_mime(record_upload_bytes.sniffed_mime)
  where id = upload_id and owner_id = uid and status = 'pending';
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$$;
grant execute on function app.record_upload_bytes(uuid, bigint, text, text) to authenticated;

/* Keeps at most files.max_versions versions of a file: the oldest go (never the current one). */
create or replace function app.prune_versions(target_file uuid)
returns void
language sql
security definer
set search_path = ''
as $$
  delete from app.file_versions v
  where v.file_id = target_file
    and v.id <> (select current_version_id from app.files where id = target_file)
    and v.id not in (
      select id from app.file_versions where file_id = target_file
      order by version desc limit greatest(app.files_setting('files.max_versions'), 1)
    )
$$;

/* Adds a version holding `object` to a file and makes it current. */
create or replace function app.add_version(target app.files, object text, bytes bigint, hash text, mime text)
returns app.file_versions
language plpgsql
security definer
set search_path = ''
as $$
declare
  added app.file_versions;
begin
  insert into app.file_versions (file_id, owner_id, version, object_key, size, sha256, mime_type, created_by)
  values (
    target.id, target.owner_id,
    coalesce((select max(version) from app.file_versions where file_id = target.id), 0) + 1,
    object, bytes, hash, mime, app.current_user_id()
  )
  returning * into added;
  update app.files
  set current_version_id = added.id, size = bytes, sha256 = hash, mime_type = mime
  where id = target.id;
  perform app.prune_versions(target.id);
  return added;
end
$$;

/*
 * Completes an upload in one transaction: the measured bytes must match the
 * reservation (size, and sha256 when one was given), the sniffed type must
 * be allowed, the bytes must fit the quota; then the file is created or,
 * when a file of that name is in the folder, gets a new version.
 * Completing twice answers the same file.
 */
create or replace function app.complete_upload(upload_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
  upload app.uploads;
  target app.files;
  mime text;
begin
  select * into upload from app.uploads where id = upload_id and owner_id = uid for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
  if upload.status = 'completed' then
    return app.file_json(upload.file_id);
  end if;
  if upload.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'The upload expired: start it again.';
  end if;
  if upload.received_size is null then
    raise exception using errcode = 'PT409', message = 'No bytes have arrived for this upload yet.';
  end if;
  if upload.size is not null and upload.received_size <> upload.size then
    raise exception using errcode = 'PT400',
      message = format('The upload is incomplete: %s of %s bytes arrived.', upload.received_size, upload.size);
  end if;
  if upload.sha256 is not null and upload.sha256 <> upload.received_sha256 then
    raise exception using errcode = 'PT400', message = 'The bytes do not match the SHA-256 checksum given at the start.';
  end if;
  mime := coalesce(upload.sniffed_mime, upload.mime_type);
  perform app.assert_allowed_type(upload.name, mime);
  perform app.assert_fits(upload.received_size, app.lock_free_bytes(uid, upload.id), uid);
  if upload.folder_id is not null
     and exists (select from app.folders where id = upload.folder_id and trashed_at is not null) then
    raise exception using errcode = 'PT409', message = 'The folder was moved to the trash during the upload.';
  end if;

  select * into target from app.files
  where owner_id = uid and folder_id is not distinct from upload.folder_id
    and lower(name) = lower(upload.name) and trashed_at is null
  for update;
  if not found then
    insert into app.files (owner_id, folder_id, name, mime_type, size, sha256, description)
    values (uid, upload.folder_id, upload.name, mime, upload.received_size, upload.received_sha256, upload.description)
    on conflict (owner_id, (coalesce(folder_id, '00000000-0000-0000-0000-000000000000'::uuid)), (lower(name)))
      where trashed_at is null
    do nothing
    returning * into target;
    if target.id is null then
      -- A concurrent upload of the same name created it first: add a version to it.
      select * into target from app.files
      where owner_id = uid and folder_id is not distinct from upload.folder_id
        and lower(name) = lower(upload.name) and trashed_at is null
      for update;
    end if;
  elsif upload.description is not null then
    update app.files set description = upload.description where id = target.id;
  end if;

  perform app.add_version(target, upload.object_key, upload.received_size, upload.received_sha256, mime);
  update app.uploads set status = 'completed', completed_at = now(), file_id = target.id where id = upload.id;
  return app.file_json(target.id);
end
$$;
grant execute on function app.complete_upload(uuid) to authenticated;

/* Cancels a pending upload; its reservation is released and its object collected. */
create or replace function app.cancel_upload(upload_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
begin
  delete from app.uploads where id = upload_id and owner_id = uid and status = 'pending';
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$$;
grant execute on function app.cancel_upload(uuid) to authenticated;

/* What the function needs to serve one version's bytes: only ever the caller's own file. */
create or replace function app.version_for_download(target_file uuid, target_version uuid default null)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'file_id', f.id, 'version_id', v.id, 'version', v.version, 'name', f.name, 'object_key', v.object_key,
    'size', v.size, 'sha256', v.sha256, 'mime_type', v.mime_type, 'owner_id', f.owner_id
  )
  from app.files f
  join app.file_versions v on v.file_id = f.id
  where f.id = target_file
    and f.owner_id = app.current_user_id()
    and v.id = coalesce(target_version, f.current_version_id)
$$;
grant execute on function app.version_for_download(uuid, uuid) to authenticated;

/* The caller's file at `path` (not in the trash), as version_for_download answers it, or null. */
create or replace function app.version_at_path(path text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  parts text[] := app.split_path(path);
  uid uuid := app.require_user_id();
  parent uuid := null;
  target uuid;
  i integer;
begin
  for i in 1 .. cardinality(parts) - 1 loop
    select id into parent from app.folders
    where owner_id = uid and parent_id is not distinct from parent and lower(name) = lower(parts[i]) and trashed_at is null;
    if parent is null then
      return null;
    end if;
  end loop;
  select id into target from app.files
  where owner_id = uid and folder_id is not distinct from parent
    and lower(name) = lower(parts[cardinality(parts)]) and trashed_at is null;
  if target is null then
    return null;
  end if;
  return app.version_for_download(target, null);
end
$$;
grant execute on function app.version_at_path(text) to authenticated;

/*
 * Collection, run by the gateway's job (or pg_cron on hosted Supabase):
 * expired uploads give back their reservation and their object goes to the
 * garbage queue; completed upload records are kept a day for idempotent retries.
 */
create or replace function app.expire_uploads()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  expired integer;
begin
  delete from app.uploads where status = 'pending' and expires_at <= now();
  get diagnostics expired = row_count;
  delete from app.uploads where status = 'completed' and completed_at < now() - interval '1 day';
  return expired;
end
$$;
grant execute on function app.expire_uploads() to service_role;

/* Whether any version, pending upload or avatar still names this object. */
create or replace function app.object_is_referenced(key text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select from app.file_versions where object_key = key)
      or exists (select from app.uploads where object_key = key and status = 'pending')
      or exists (select from app.avatars where object_key = key)
$$;
grant execute on function app.object_is_referenced(text) to service_role;

/* Queues an object for deletion from storage once nothing references it. */
create or replace function app.enqueue_unreferenced_object(key text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into app.storage_garbage (object_key)
  select key
  where not app.object_is_referenced(key)
  on conflict do nothing
$$;

