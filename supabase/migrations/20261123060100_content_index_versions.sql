-- Content search for copies and restored versions. Upload completion indexes
-- the text of the new version (the files function reads the bytes, SQL keeps
-- the text); a copy or a restored version makes an existing object the
-- file's current version without any bytes passing through a function, so
-- SQL must already know that object's text.
--
-- Objects are immutable, so their text is a property of the object: it is
-- kept per object key (`app.object_texts`) when a version is indexed, and
-- `copy_file` and `restore_version` carry it to the file in the same
-- transaction. The cost is a second copy of indexed text per distinct object
-- (at most search.content_max_bytes each, compressed by TOAST); it goes with
-- the object when the object is queued for deletion.
--
-- An object indexed before this migration and no longer any file's current
-- version has no kept text: restoring it clears the file's text (a stale text
-- must not match) and queues the file for the files function's maintenance,
-- which reads the bytes and indexes them as an upload would.

/* The text of each indexed object (text-like types only). */
create table app.object_texts (
  object_key text primary key,
  owner_id uuid not null references app.users (id) on delete cascade,
  content text not null,
  created_at timestamptz not null default now()
);
alter table app.object_texts enable row level security;
comment on table app.object_texts is 'The indexed text of each object of a text-like version, carried to copies and restored versions.';
revoke all on app.object_texts from public, anon, authenticated;
grant all on app.object_texts to service_role;
create policy "the service role manages object texts" on app.object_texts
  for all to service_role using (true) with check (true);

/* Files whose current object's text is unknown, for the maintenance job to index from the bytes. */
create table app.content_reindex (
  file_id uuid primary key references app.files (id) on delete cascade,
  queued_at timestamptz not null default now()
);
alter table app.content_reindex enable row level security;
comment on table app.content_reindex is 'Files whose content text must be read again from their bytes (maintenance).';
revoke all on app.content_reindex from public, anon, authenticated;
grant all on app.content_reindex to service_role;
create policy "the service role manages the reindex queue" on app.content_reindex
  for all to service_role using (true) with check (true);

/* The texts already indexed stand for their current objects. */
insert into app.object_texts (object_key, owner_id, content)
select v.object_key, f.owner_id, c.content
from app.file_contents c
join app.files f on f.id = c.file_id
join app.file_versions v on v.id = f.current_version_id
on conflict (object_key) do nothing;

/* An object queued for deletion is referenced by nothing: its text goes too. */
create or replace function app.forget_object_text()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from app.object_texts where object_key = new.object_key;
  return new;
end
$$;

create trigger storage_garbage_forget_text
  after insert on app.storage_garbage
  for each row execute function app.forget_object_text();

/*
 * Indexes one version's text (null: a type without text), as its uploader:
 * kept for its object, and made the file's content text when that version is
 * still the file's current one (a slow indexer of a version replaced since
 * must not overwrite the newer text). Called by the files function.
 */
create or replace function app.index_version_content(version_id uuid, content text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_user_id();
  max_bytes integer := app.search_content_max_bytes();
  target app.file_versions;
  clean text := content;
begin
  select * into target from app.file_versions v where v.id = version_id and v.owner_id = uid;
  if not found then
    raise exception using errcode = 'PT404', message = 'Version not found.';
  end if;
  if clean is not null then
    -- The cap api.set_file_content_text applies, on a character boundary.
    clean := left(clean, max_bytes);
    while octet_length(clean) > max_bytes loop
      clean := left(clean, char_length(clean) - greatest((octet_length(clean) - max_bytes + 3) / 4, 1));
    end loop;
    insert into app.object_texts (object_key, owner_id, content) values (target.object_key, uid, clean)
    on conflict (object_key) do update set content = excluded.content;
  end if;
  if exists (select from app.files f where f.id = target.file_id and f.current_version_id = target.id) then
    perform api.set_file_content_text(target.file_id, clean);
    delete from app.content_reindex q where q.file_id = target.file_id;
  end if;
end
$$;
comment on function app.index_version_content(uuid, text) is
  'Keeps the text of a version''s object and, when it is the current version, makes it the file''s content text.';
grant execute on function app.index_version_content(uuid, text) to authenticated;

/*
 * Makes a file's content text match its current version after a copy or a
 * restored version: the object's kept text, else (a copy) the source file's
 * text when the source's current version is the same object; unknown text is
 * cleared and the file queued for the maintenance job.
 */
create or replace function app.carry_content_text(target_file uuid, source_file uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  current_version app.file_versions;
  known text;
begin
  select v.* into current_version
  from app.files f join app.file_versions v on v.id = f.current_version_id
  where f.id = target_file;
  if not found then
    return;
  end if;
  if not app.type_has_text(current_version.mime_type) then
    perform api.set_file_content_text(target_file, null);
    return;
  end if;
  select t.content into known from app.object_texts t where t.object_key = current_version.object_key;
  if known is null and source_file is not null then
    select c.content into known
    from app.file_contents c
    join app.files s on s.id = c.file_id
    join app.file_versions sv on sv.id = s.current_version_id
    where c.file_id = source_file and sv.object_key = current_version.object_key;
  end if;
  perform api.set_file_content_text(target_file, known);
  if known is null then
    insert into app.content_reindex (file_id) values (target_file) on conflict (file_id) do nothing;
  end if;
end
$$;

/* Copies a file (as before), and its content text with it. */
create or replace function api.copy_file(file_id uuid, folder_id uuid default null, name text default null)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
  source app.files;
  source_version app.file_versions;
  copy_name text;
  copied app.files;
  result api.files;
begin
  -- A share lock: a concurrent purge of the original waits, so its object cannot be collected under the copy.
  select * into source from app.files where id = copy_file.file_id and owner_id = uid for share;
  if not found then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  perform app.assert_folder_usable(copy_file.folder_id);
  select * into source_version from app.file_versions where id = source.current_version_id;
  if copy_file.name is not null then
    copy_name := app.check_name(copy_file.name);
    perform app.assert_allowed_type(copy_name, source.mime_type);
    if app.name_taken(uid, copy_file.folder_id, copy_name, false) then
      perform app.name_conflict(copy_name, false);
    end if;
  else
    copy_name := app.free_name(uid, copy_file.folder_id, source.name, false);
  end if;
  perform app.assert_fits(source.size, app.lock_free_bytes(uid), uid);
  insert into app.files (owner_id, folder_id, name, mime_type, size, sha256, description)
  values (uid, copy_file.folder_id, copy_name, source.mime_type, source.size, source.sha256, source.description)
  returning * into copied;
  perform app.add_version(copied, source_version.object_key, source_version.size, source_version.sha256, source_version.mime_type);
  perform app.carry_content_text(copied.id, source.id);
  perform app.log_activity('file.copy', null, 'file', copied.id::text, jsonb_build_object('from', source.id, 'name', copy_name));
  select * into result from api.files where id = copied.id;
  return result;
exception when unique_violation then
  perform app.name_conflict(copy_name, false);
end
$$;

/* Makes an old version the newest one again (as before), and its text the file's content text. */
create or replace function api.restore_version(version_id uuid)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
  old_version app.file_versions;
  target app.files;
  result api.files;
begin
  select * into old_version from app.file_versions where id = restore_version.version_id and owner_id = uid;
  if not found then
    raise exception using errcode = 'PT404', message = 'Version not found.';
  end if;
  target := app.owned_file(old_version.file_id);
  if target.current_version_id is distinct from old_version.id then
    perform app.assert_fits(old_version.size, app.lock_free_bytes(uid), uid);
    perform app.add_version(target, old_version.object_key, old_version.size, old_version.sha256, old_version.mime_type);
    perform app.carry_content_text(target.id);
    perform app.log_activity('file.restore_version', null, 'file', target.id::text,
      jsonb_build_object('version', old_version.version));
  end if;
  select * into result from api.files where id = target.id;
  return result;
end
$$;

revoke execute on function app.forget_object_text(), app.index_version_content(uuid, text),
  app.carry_content_text(uuid, uuid) from public;
