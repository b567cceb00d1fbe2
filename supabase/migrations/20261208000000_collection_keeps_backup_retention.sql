/*
 * The collector keeps an object's bytes for the backup retention after its
 * last reference went (issue 22: "garbage collection never deletes an object
 * younger than the backup retention"). A database backup taken in that
 * window still references the object: Supabase's daily or point-in-time
 * backups, which leave Storage out, or a pg_dump of one's own. Restoring such
 * a backup must find the bytes. `npm run backup`'s snapshots hold their own
 * copies, so they need no retention.
 *
 * backup.retention_days is 7 by default, how long Supabase's Pro plan keeps
 * its daily backups. 0 collects at the next run, as before; the test stacks
 * use 0 (BACKUP_RETENTION_DAYS). The bytes of an upload that never completed
 * are not kept: no backup can hold them as a stored file, and a disk filled
 * by failed uploads would stay full for a week.
 *
 * Each queued object now carries its own keep_until, written when it is
 * queued. The collector deletes only rows past it (deleteCollected in
 * supabase/functions/files/store.ts, whoever calls it). Objects queued before
 * this migration keep now(): they are collected as they would have been.
 */
insert into private.settings (key, value) values ('backup.retention_days', '7')
on conflict (key) do nothing;

alter table app.storage_garbage add column keep_until timestamptz not null default now();
comment on column app.storage_garbage.keep_until is
  'The bytes are not deleted before this: the backup retention after the last reference went (now() for an upload that never completed).';
create index storage_garbage_keep_until on app.storage_garbage (keep_until);

/* Queues an object for deletion from storage once nothing references it, after the backup retention. */
create or replace function app.enqueue_unreferenced_object(key text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into app.storage_garbage (object_key, keep_until)
  select key, now() + make_interval(days => greatest(0, private.setting_int('backup.retention_days', 7)))
  where not app.object_is_referenced(key)
  on conflict do nothing
$$;

/* Queues the bytes of an upload that never completed: nothing was confirmed, so nothing is kept. */
create or replace function app.enqueue_unconfirmed_object(key text)
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

create or replace function app.uploads_collect_object()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.status = 'pending' then
    perform app.enqueue_unconfirmed_object(old.object_key);
  end if;
  return old;
end
$$;
