/*
 * Thumbnails: a small WebP of an image file's current version, made on the
 * edge (the files function, `GET /files/thumbnails/<version_id>`) the first
 * time someone who may read the file asks, and stored through the storage
 * driver as an object of its own (`thumbnails/<uuid>.webp`). This table says
 * which object is whose: one row per version, tied to it, so a new version
 * gets a new thumbnail and the old one goes with the version.
 *
 * Who may see a thumbnail is who may download the version
 * (app.version_for_download: the owner, and people it is shared with), for a
 * live file's current version only: a thumbnail of a file moved to the trash,
 * or of a version that stopped being current, is deleted at once (its bytes
 * are then collected like any unreferenced object), and one is made again if
 * the file comes back. A version whose image could not be read keeps a row
 * without an object, so it is not decoded again at every listing.
 *
 * Settings:
 *   files.thumbnail_max_bytes   largest image a thumbnail is made of (25 MiB):
 *                               the edge reads the whole image into memory to
 *                               decode it, so this bounds what one request holds.
 */
insert into private.settings (key, value) values ('files.thumbnail_max_bytes', '26214400')
on conflict (key) do nothing;

create table app.thumbnails (
  version_id uuid primary key references app.file_versions (id) on delete cascade,
  file_id uuid not null references app.files (id) on delete cascade,
  owner_id uuid not null references app.users (id) on delete cascade,
  -- Null: the version's image could not be made into a thumbnail.
  object_key text unique check (object_key ~ '^thumbnails/[0-9a-f-]{36}\.webp$'),
  size bigint check (size > 0),
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  width integer check (width > 0),
  height integer check (height > 0),
  created_at timestamptz not null default now(),
  constraint thumbnails_complete check (
    (object_key is null) = (size is null) and (object_key is null) = (sha256 is null)
    and (object_key is null) = (width is null) and (object_key is null) = (height is null))
);
alter table app.thumbnails enable row level security;
create index thumbnails_file on app.thumbnails (file_id);
create index thumbnails_owner on app.thumbnails (owner_id);
comment on table app.thumbnails is 'The WebP thumbnail object of each image version that has one (made on first request).';

revoke all on app.thumbnails from public, anon, authenticated;
grant select on app.thumbnails to authenticated;
grant all on app.thumbnails to service_role;

create policy "owners read their thumbnails" on app.thumbnails
  for select to authenticated using (owner_id = (select app.current_user_id()));

/* A thumbnail row gone (its version or file deleted, the file trashed, a new version): its bytes are collected. */
create or replace function app.thumbnails_collect_object()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.object_key is not null then
    perform app.enqueue_unreferenced_object(old.object_key);
  end if;
  return old;
end
$$;

create trigger thumbnails_collect_object
  after delete on app.thumbnails
  for each row execute function app.thumbnails_collect_object();

/* Only a live file's current version keeps a thumbnail. */
create or replace function app.files_drop_stale_thumbnails()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from app.thumbnails t
  where t.file_id = new.id
    and (new.trashed_at is not null or t.version_id is distinct from new.current_version_id);
  return null;
end
$$;

create trigger files_drop_stale_thumbnails
  after update of current_version_id, trashed_at on app.files
  for each row
  when (new.trashed_at is distinct from old.trashed_at or new.current_version_id is distinct from old.current_version_id)
  execute function app.files_drop_stale_thumbnails();

/* The types the edge makes thumbnails of: those its image code (imagescript) decodes. */
create or replace function app.type_has_thumbnail(mime_type text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select lower(split_part(mime_type, ';', 1)) in ('image/png', 'image/jpeg', 'image/gif')
$$;
comment on function app.type_has_thumbnail(text) is 'Whether files of this type get a thumbnail (PNG, JPEG, GIF).';
grant execute on function app.type_has_thumbnail(text) to authenticated, service_role;

/*
 * The thumbnail of a version, for the caller: PT404 unless they may download
 * it (app.version_for_download), its file is live and it is the current
 * version, and it is an image of a type and size a thumbnail is made of.
 * Answers the version's object (to make one from) and the thumbnail, null
 * while none was made.
 */
create or replace function app.thumbnail_of(version_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  target_file uuid;
  found jsonb;
  thumb app.thumbnails;
begin
  select v.file_id into target_file
  from app.file_versions v
  join app.files f on f.id = v.file_id
  where v.id = thumbnail_of.version_id and f.trashed_at is null and f.current_version_id = v.id;
  found := app.version_for_download(target_file, thumbnail_of.version_id);
  if found is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  if not app.type_has_thumbnail(found ->> 'mime_type')
     or (found ->> 'size')::bigint > coalesce(app.files_setting('files.thumbnail_max_bytes'), 26214400) then
    raise exception using errcode = 'PT404', message = 'This file has no thumbnail.',
      hint = 'Thumbnails are made of PNG, JPEG and GIF images up to files.thumbnail_max_bytes.';
  end if;
  select * into thumb from app.thumbnails t where t.version_id = thumbnail_of.version_id;
  return found || jsonb_build_object(
    'thumbnail', case when thumb.version_id is null then null else jsonb_build_object(
      'object_key', thumb.object_key, 'size', thumb.size, 'sha256', thumb.sha256,
      'width', thumb.width, 'height', thumb.height) end);
end
$$;
comment on function app.thumbnail_of(uuid) is
  'The version (as app.version_for_download answers it) and its thumbnail (null until made) when the caller may see it; PT404 otherwise.';
grant execute on function app.thumbnail_of(uuid) to authenticated;

/*
 * Records the thumbnail the edge made of a version (or, with a null key,
 * that none can be made), as a caller who may see it. Two requests may make
 * one at once: the first recorded wins, and the other's object is queued for
 * collection. Answers the thumbnail kept.
 */
create or replace function app.record_thumbnail(
  version_id uuid, object_key text, size bigint default null, sha256 text default null,
  width integer default null, height integer default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  found jsonb := app.thumbnail_of(record_thumbnail.version_id);
  kept app.thumbnails;
begin
  if record_thumbnail.object_key is not null
     and record_thumbnail.object_key !~ '^thumbnails/[0-9a-f-]{36}\.webp$' then
    raise exception using errcode = 'PT400', message = 'A thumbnail object is named thumbnails/<uuid>.webp.';
  end if;
  insert into app.thumbnails as t (version_id, file_id, owner_id, object_key, size, sha256, width, height)
  values (record_thumbnail.version_id, (found ->> 'file_id')::uuid, (found ->> 'owner_id')::uuid,
          record_thumbnail.object_key, record_thumbnail.size, record_thumbnail.sha256,
          record_thumbnail.width, record_thumbnail.height)
  on conflict on constraint thumbnails_pkey do nothing
  returning * into kept;
  if kept.version_id is null then
    select * into kept from app.thumbnails t where t.version_id = record_thumbnail.version_id;
    if record_thumbnail.object_key is not null then
      perform app.enqueue_unreferenced_object(record_thumbnail.object_key);
    end if;
  end if;
  return jsonb_build_object('object_key', kept.object_key, 'size', kept.size, 'sha256', kept.sha256,
                            'width', kept.width, 'height', kept.height);
end
$$;
comment on function app.record_thumbnail(uuid, text, bigint, text, integer, integer) is
  'Records the thumbnail object made of a version the caller may see (null: none can be made); the first one recorded is kept.';
grant execute on function app.record_thumbnail(uuid, text, bigint, text, integer, integer) to authenticated;

/* Whether any version, pending upload, avatar or thumbnail still names this object (restated with thumbnails). */
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
      or exists (select from app.thumbnails where object_key = key)
$$;
grant execute on function app.object_is_referenced(text) to service_role;

/*
 * Every object the database references (restated with thumbnails, whose size
 * and sha256 are recorded): the backup copies exactly these; fsck checks them
 * and calls no thumbnail an orphan.
 */
create or replace function private.referenced_objects()
returns table (object_key text, size bigint, sha256 text)
language sql
stable
set search_path = ''
as $$
  select distinct on (v.object_key) v.object_key, v.size, v.sha256
  from app.file_versions v
  union all
  select a.object_key, null, null
  from app.avatars a
  union all
  select t.object_key, t.size, t.sha256
  from app.thumbnails t
  where t.object_key is not null
$$;
comment on function private.referenced_objects() is
  'Each object key the database references once, with its recorded size and sha256 (null for avatars).';
