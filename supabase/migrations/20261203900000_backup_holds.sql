/*
 * Backups without a maintenance window (scripts/backup.mjs). The backup
 * dumps the database in one snapshot, then copies every object that snapshot
 * references. Objects are immutable and never overwritten, so copying them
 * after the dump is safe, with one danger: the collector deleting an object
 * the dump still references (a version purged from the trash meanwhile)
 * before the backup has copied it. So a backup holds collection off while it
 * copies: the files maintenance deletes no bytes while app.collection_paused()
 * is true. A hold ends when the backup releases it, or by itself after
 * backup.hold_hours (6), so a backup that crashed cannot stop collection for
 * ever.
 */
insert into private.settings (key, value) values ('backup.hold_hours', '6')
on conflict (key) do nothing;

create table private.backup_holds (
  id uuid primary key default gen_random_uuid(),
  started_at timestamptz not null default now(),
  expires_at timestamptz not null
);
alter table private.backup_holds enable row level security;
-- No policy on purpose: only the owner (the backup connects as it) reads or writes holds.
revoke all on private.backup_holds from public, anon, authenticated, service_role;
comment on table private.backup_holds is 'Backups copying objects right now: while one is live, no object is collected.';

/* Starts a hold for a backup about to take its snapshot; answers its id. */
create or replace function private.hold_collection()
returns uuid
language sql
set search_path = ''
as $$
  insert into private.backup_holds (expires_at)
  values (now() + make_interval(hours => private.setting_int('backup.hold_hours', 6)))
  returning id
$$;
comment on function private.hold_collection() is
  'Pauses the collection of unreferenced objects until private.release_collection(id) or backup.hold_hours.';

/* Ends a hold (the backup copied its objects, or gave up). */
create or replace function private.release_collection(hold_id uuid)
returns void
language sql
set search_path = ''
as $$
  delete from private.backup_holds where id = hold_id or expires_at < now()
$$;
comment on function private.release_collection(uuid) is 'Ends a backup''s hold on collection, and forgets expired holds.';

/* Is a backup copying objects right now? The collector asks before deleting bytes. */
create or replace function app.collection_paused()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select from private.backup_holds where expires_at > now())
$$;
comment on function app.collection_paused() is 'True while a backup copies objects: the files maintenance then deletes no bytes.';
grant execute on function app.collection_paused() to service_role;

/*
 * Every object the database references, with what it should hold: the bytes
 * of stored versions (size and sha256 recorded at upload) and avatars (whose
 * checksum nobody recorded). Pending uploads are not in it: nothing about them
 * was confirmed to anyone. The backup copies exactly these; fsck checks them.
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
$$;
comment on function private.referenced_objects() is
  'Each object key the database references once, with its recorded size and sha256 (null for avatars).';
