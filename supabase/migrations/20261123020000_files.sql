-- The drive's metadata: folders, files, file versions, uploads in flight and
-- each user's storage account (quota, bytes used). File bytes never live in
-- Postgres: a version names an immutable object in the storage driver by an
-- id (`object_key`), never by the user's file name.
--
-- Reads go through the `api` views under row-level security (a user sees only
-- their own rows; an admin holding `files.read_all_metadata` sees every
-- row's metadata, see the rbac migration's policies). Writes go only through
-- the functions in the next migrations, which validate names, types and
-- quota: the API roles hold no insert/update/delete privilege on these tables.

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
  trashed_at timestamptz
);
alter table app.files enable row level security;
create unique index files_unique_name on app.files
  (owner_id, coalesce(folder_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))
  where trashed_at is null;
create index files_folder on app.files (folder_id);
create index files_owner_updated on app.files (owner_id, updated_at desc);
create index files_trashed on app.files (owner_id, trashed_at) where trashed_at is not null;
comment on table app.files is 'Files of the drive, one row per file; bytes live in the storage driver.';

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

/*
 * Bookkeeping triggers (security definer: they write tables the caller may
 * not). `used` follows the versions; an object nobody references any more
 * goes to the garbage queue, whatever deleted its last reference (a purge, a
 * pruned version, an expired upload, a deleted account).
 */
create or replace function app.enqueue_unreferenced_object(key text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into app.storage_garbage (object_key)
  select key
  where not exists (select from app.file_versions where object_key = key)
    and not exists (select from app.uploads where object_key = key and status = 'pending')
  on conflict do nothing
$$;

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

/*
 * The API: views read as the caller, so RLS decides the rows.
 */
create view api.folders with (security_invoker = true) as
  select id, owner_id, parent_id, name, created_at, updated_at, trashed_at from app.folders;
comment on view api.folders is 'Your folders. `parent_id` null means the root; `trashed_at` is set while in the trash.';

create view api.files with (security_invoker = true) as
  select id, owner_id, folder_id, name, mime_type, size, sha256, visibility, description,
         current_version_id, created_at, updated_at, trashed_at
  from app.files;
comment on view api.files is 'Your files. `folder_id` null means the root; `trashed_at` is set while in the trash.';

create view api.file_versions with (security_invoker = true) as
  select id, file_id, version, size, sha256, mime_type, created_by, created_at from app.file_versions;
comment on view api.file_versions is 'Every kept version of your files, newest has the highest `version`.';

create view api.storage_usage with (security_invoker = true) as
  select coalesce(a.used, 0)::bigint as used,
         coalesce((select sum(coalesce(u.size, 0)) from app.uploads u
                   where u.owner_id = me.id and u.status = 'pending' and u.expires_at > now()), 0)::bigint as reserved,
         coalesce(a.quota, app.files_setting('files.default_quota'))::bigint as quota
  from (select app.current_user_id() as id) me
  left join app.storage_accounts a on a.owner_id = me.id
  where me.id is not null;
comment on view api.storage_usage is 'Your storage: bytes used, bytes reserved by uploads in flight, and your quota.';

revoke all on api.folders, api.files, api.file_versions, api.storage_usage from public, anon, authenticated;
grant select on api.folders, api.files, api.file_versions, api.storage_usage to authenticated, service_role;

-- Per-schema default privileges cannot take back PUBLIC's global right to
-- execute functions (Postgres adds them to the global defaults), so each
-- function here is revoked from public by name; the grants above stand.
revoke execute on function app.files_setting(text), app.enqueue_unreferenced_object(text),
  app.file_versions_bookkeeping(), app.uploads_collect_object() from public;
