/*
 * The drive's API views read as the caller, so RLS decides the rows. An
 * admin's RLS admits everyone's rows (files.read_all_metadata), so these views
 * name the owner explicitly: `api.files` stays "my files" for everyone, and
 * admins list the rest through `api.admin_files`.
 *
 * The API shows the link token of the caller's own public files; clients
 * build the link as <API URL>/functions/v1/files/public/<public_token>.
 * `admin_files` keeps the same columns, but the token is null on other
 * users' rows.
 */
create or replace view api.folders with (security_invoker = true) as
  select id, owner_id, parent_id, name, created_at, updated_at, trashed_at from app.folders
  where owner_id = (select app.current_user_id());
comment on view api.folders is 'Your folders. `parent_id` null means the root; `trashed_at` is set while in the trash.';
create or replace view api.files with (security_invoker = true) as
  select id, owner_id, folder_id, name, mime_type, size, sha256, visibility, description,
         current_version_id, created_at, updated_at, trashed_at,
         case when visibility = 'public' then app.public_link_token(id) end as public_token
  from app.files
  where owner_id = (select app.current_user_id());
comment on view api.files is 'Your files. `folder_id` null means the root; `trashed_at` is set while in the trash.';
comment on column api.files.public_token is
  'For a public file, the token of its link: GET <API URL>/functions/v1/files/public/<public_token> downloads it without signing in. Null when private.';

create or replace view api.file_versions with (security_invoker = true) as
  select id, file_id, version, size, sha256, mime_type, created_by, created_at from app.file_versions
  where owner_id = (select app.current_user_id());
comment on view api.file_versions is 'Every kept version of your files, newest has the highest `version`.';

revoke all on api.folders, api.files, api.file_versions from public, anon, authenticated;
grant select on api.folders, api.files, api.file_versions to authenticated, service_role;

/* A file row as the API shows it: the same columns as api.files (the upload functions answer it). */
create or replace function app.file_json(target uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', f.id, 'owner_id', f.owner_id, 'folder_id', f.folder_id, 'name', f.name, 'mime_type', f.mime_type,
    'size', f.size, 'sha256', f.sha256, 'visibility', f.visibility, 'description', f.description,
    'current_version_id', f.current_version_id, 'created_at', f.created_at, 'updated_at', f.updated_at,
    'trashed_at', f.trashed_at,
    'public_token', case when f.visibility = 'public' then app.public_link_token(f.id) end
  )
  from app.files f where f.id = target
$$;

-- Drive operations over HTTP (`POST /rest/v1/rpc/<name>`): folders, rename,
-- move, copy, trash, restore, purge, versions. Each works only on the
-- caller's own items (another user's id answers "not found", as if it did
-- not exist) and writes an activity-log row.
--
-- They are security definer because the API roles hold no write privilege on
-- the drive's tables: that is what keeps every write behind these checks
-- (names, quota, no cycles). Each one checks ownership itself, first.

/* The caller's file, locked for the change, or PT404. */
create or replace function app.owned_file(target uuid)
returns app.files
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
  found_file app.files;
begin
  select * into found_file from app.files where id = target and owner_id = uid for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return found_file;
end
$$;

/* The caller's folder, locked for the change, or PT404. */
create or replace function app.owned_folder(target uuid)
returns app.folders
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
  found_folder app.folders;
begin
  select * into found_folder from app.folders where id = target and owner_id = uid for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  return found_folder;
end
$$;

/* Whether a name is taken among the live files (or folders) of a folder. */
create or replace function app.name_taken(owner uuid, parent uuid, candidate text, is_folder boolean)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case when is_folder then
    exists (select from app.folders where owner_id = owner and parent_id is not distinct from parent
            and lower(name) = lower(candidate) and trashed_at is null)
  else
    exists (select from app.files where owner_id = owner and folder_id is not distinct from parent
            and lower(name) = lower(candidate) and trashed_at is null)
  end
$$;

/* `wanted`, or the first free "stem (n).ext" next to it, as a desktop does for copies and restores. */
create or replace function app.free_name(owner uuid, parent uuid, wanted text, is_folder boolean)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  stem text := wanted;
  ext text := '';
  candidate text := wanted;
  n integer := 1;
begin
  if not is_folder and wanted ~ '.\.[^.]+$' then
    stem := substring(wanted from '^(.*)\.[^.]+$');
    ext := substring(wanted from '(\.[^.]+)$');
  end if;
  while app.name_taken(owner, parent, candidate, is_folder) loop
    candidate := left(stem, 240 - octet_length(ext)) || ' (' || n || ')' || ext;
    n := n + 1;
  end loop;
  return candidate;
end
$$;

create or replace function app.name_conflict(item_name text, is_folder boolean)
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'PT409',
    message = format('A %s named "%s" already exists in this folder.', case when is_folder then 'folder' else 'file' end, item_name);
end
$$;

/* The folder and every folder below it. */
create or replace function app.folder_subtree(root uuid)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  with recursive tree as (
    select id from app.folders where id = root
    union all
    select f.id from app.folders f join tree t on f.parent_id = t.id
  )
  select id from tree
$$;

/* Creates a folder under `parent_id` (null = the root). */
create or replace function api.create_folder(name text, parent_id uuid default null)
returns api.folders
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
  folder_name text := app.check_name(create_folder.name);
  created uuid;
  result api.folders;
begin
  perform app.assert_folder_usable(create_folder.parent_id);
  if app.name_taken(uid, create_folder.parent_id, folder_name, true) then
    perform app.name_conflict(folder_name, true);
  end if;
  insert into app.folders (owner_id, parent_id, name) values (uid, create_folder.parent_id, folder_name)
  returning id into created;
  perform app.log_activity('folder.create', uid, 'folder', created::text, jsonb_build_object('name', folder_name));
  select * into result from api.folders where id = created;
  return result;
exception when unique_violation then
  perform app.name_conflict(folder_name, true);
end
$$;
comment on function api.create_folder(text, uuid) is 'Creates a folder; names are unique per folder, case-insensitively.';

/* Renames a file; the new name passes the same checks as an upload (the deny-list too). */
create or replace function api.rename_file(file_id uuid, name text)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files := app.owned_file(rename_file.file_id);
  new_name text := app.check_name(rename_file.name);
  result api.files;
begin
  perform app.assert_allowed_type(new_name, target.mime_type);
  if lower(new_name) <> lower(target.name) and target.trashed_at is null
     and app.name_taken(target.owner_id, target.folder_id, new_name, false) then
    perform app.name_conflict(new_name, false);
  end if;
  update app.files set name = new_name where id = target.id;
  perform app.log_activity('file.rename', null, 'file', target.id::text,
    jsonb_build_object('from', target.name, 'to', new_name));
  select * into result from api.files where id = target.id;
  return result;
exception when unique_violation then
  perform app.name_conflict(new_name, false);
end
$$;
comment on function api.rename_file(uuid, text) is 'Renames one of your files.';

/* Moves a file to a folder (null = the root). */
create or replace function api.move_file(file_id uuid, folder_id uuid)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files := app.owned_file(move_file.file_id);
  result api.files;
begin
  perform app.assert_folder_usable(move_file.folder_id);
  if target.folder_id is distinct from move_file.folder_id then
    if target.trashed_at is null and app.name_taken(target.owner_id, move_file.folder_id, target.name, false) then
      perform app.name_conflict(target.name, false);
    end if;
    update app.files set folder_id = move_file.folder_id where id = target.id;
    perform app.log_activity('file.move', null, 'file', target.id::text,
      jsonb_build_object('from', target.folder_id, 'to', move_file.folder_id));
  end if;
  select * into result from api.files where id = target.id;
  return result;
exception when unique_violation then
  perform app.name_conflict(target.name, false);
end
$$;
comment on function api.move_file(uuid, uuid) is 'Moves one of your files into a folder (null: the root).';

/*
 * Copies a file: the copy's first version shares the original's immutable
 * object (no bytes are copied) but counts against the quota like any file.
 * Its content text (for search) comes with it.
 */
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
comment on function api.copy_file(uuid, uuid, text) is 'Copies one of your files (default name: the same, or "name (1)" when taken).';

/* Renames a folder. */
create or replace function api.rename_folder(folder_id uuid, name text)
returns api.folders
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.folders := app.owned_folder(rename_folder.folder_id);
  new_name text := app.check_name(rename_folder.name);
  result api.folders;
begin
  if lower(new_name) <> lower(target.name) and target.trashed_at is null
     and app.name_taken(target.owner_id, target.parent_id, new_name, true) then
    perform app.name_conflict(new_name, true);
  end if;
  update app.folders set name = new_name where id = target.id;
  perform app.log_activity('folder.rename', null, 'folder', target.id::text,
    jsonb_build_object('from', target.name, 'to', new_name));
  select * into result from api.folders where id = target.id;
  return result;
exception when unique_violation then
  perform app.name_conflict(new_name, true);
end
$$;
comment on function api.rename_folder(uuid, text) is 'Renames one of your folders.';

/* Moves a folder under another (null = the root); never into itself or below itself. */
create or replace function api.move_folder(folder_id uuid, parent_id uuid)
returns api.folders
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.folders := app.owned_folder(move_folder.folder_id);
  result api.folders;
begin
  perform app.assert_folder_usable(move_folder.parent_id);
  if move_folder.parent_id in (select app.folder_subtree(target.id)) then
    raise exception using errcode = 'PT409', message = 'A folder cannot be moved into itself or one of its subfolders.';
  end if;
  if target.parent_id is distinct from move_folder.parent_id then
    if target.trashed_at is null and app.name_taken(target.owner_id, move_folder.parent_id, target.name, true) then
      perform app.name_conflict(target.name, true);
    end if;
    update app.folders set parent_id = move_folder.parent_id where id = target.id;
    perform app.log_activity('folder.move', null, 'folder', target.id::text,
      jsonb_build_object('from', target.parent_id, 'to', move_folder.parent_id));
  end if;
  select * into result from api.folders where id = target.id;
  return result;
exception when unique_violation then
  perform app.name_conflict(target.name, true);
end
$$;
comment on function api.move_folder(uuid, uuid) is 'Moves one of your folders (null: the root); cycles are refused.';

/* Moves a file to the trash. */
create or replace function api.trash_file(file_id uuid)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files := app.owned_file(trash_file.file_id);
  result api.files;
begin
  if target.trashed_at is null then
    update app.files set trashed_at = now() where id = target.id;
    perform app.log_activity('file.trash', null, 'file', target.id::text, jsonb_build_object('name', target.name));
  end if;
  select * into result from api.files where id = target.id;
  return result;
end
$$;
comment on function api.trash_file(uuid) is 'Moves one of your files to the trash (purged automatically after the retention period).';

/* Restores a file from the trash: to its folder, or the root when that folder is gone to the trash; renamed if the name was taken since. */
create or replace function api.restore_file(file_id uuid)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files := app.owned_file(restore_file.file_id);
  destination uuid;
  result api.files;
begin
  if target.trashed_at is not null then
    destination := case when exists (select from app.folders where id = target.folder_id and trashed_at is null)
                        then target.folder_id end;
    update app.files
    set trashed_at = null, folder_id = destination,
        name = app.free_name(target.owner_id, destination, target.name, false)
    where id = target.id;
    perform app.log_activity('file.restore', null, 'file', target.id::text, jsonb_build_object('name', target.name));
  end if;
  select * into result from api.files where id = target.id;
  return result;
end
$$;
comment on function api.restore_file(uuid) is 'Restores one of your files from the trash.';

/* Deletes a file and every version for good; the bytes are deleted after the transaction commits. */
create or replace function api.purge_file(file_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files := app.owned_file(purge_file.file_id);
begin
  delete from app.files where id = target.id;
  perform app.log_activity('file.purge', null, 'file', target.id::text, jsonb_build_object('name', target.name));
end
$$;
comment on function api.purge_file(uuid) is 'Deletes one of your files and all its versions for good.';

/* Moves a folder and everything below it to the trash, all at one instant (which restore uses). */
create or replace function api.trash_folder(folder_id uuid)
returns api.folders
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.folders := app.owned_folder(trash_folder.folder_id);
  stamp timestamptz := now();
  result api.folders;
begin
  if target.trashed_at is null then
    update app.folders set trashed_at = stamp
    where id in (select app.folder_subtree(target.id)) and trashed_at is null;
    update app.files set trashed_at = stamp
    where folder_id in (select app.folder_subtree(target.id)) and trashed_at is null;
    perform app.log_activity('folder.trash', null, 'folder', target.id::text, jsonb_build_object('name', target.name));
  end if;
  select * into result from api.folders where id = target.id;
  return result;
end
$$;
comment on function api.trash_folder(uuid) is 'Moves one of your folders, with everything in it, to the trash.';

/* Restores a folder and what was trashed with it (items trashed on their own before stay in the trash). */
create or replace function api.restore_folder(folder_id uuid)
returns api.folders
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.folders := app.owned_folder(restore_folder.folder_id);
  stamp timestamptz := target.trashed_at;
  destination uuid;
  result api.folders;
begin
  if stamp is not null then
    destination := case when exists (select from app.folders where id = target.parent_id and trashed_at is null)
                        then target.parent_id end;
    update app.files set trashed_at = null
    where folder_id in (select app.folder_subtree(target.id)) and trashed_at = stamp;
    update app.folders set trashed_at = null
    where id in (select app.folder_subtree(target.id)) and id <> target.id and trashed_at = stamp;
    update app.folders
    set trashed_at = null, parent_id = destination,
        name = app.free_name(target.owner_id, destination, target.name, true)
    where id = target.id;
    perform app.log_activity('folder.restore', null, 'folder', target.id::text, jsonb_build_object('name', target.name));
  end if;
  select * into result from api.folders where id = target.id;
  return result;
end
$$;
comment on function api.restore_folder(uuid) is 'Restores one of your folders, and what was trashed with it, from the trash.';

/* Deletes a folder and everything below it for good. */
create or replace function api.purge_folder(folder_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.folders := app.owned_folder(purge_folder.folder_id);
begin
  delete from app.folders where id = target.id;
  perform app.log_activity('folder.purge', null, 'folder', target.id::text, jsonb_build_object('name', target.name));
end
$$;
comment on function api.purge_folder(uuid) is 'Deletes one of your folders and everything in it for good.';

/* Deletes everything in the caller's trash for good; answers how many files and folders went. */
create or replace function api.empty_trash()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
  files_gone integer;
  folders_gone integer;
begin
  delete from app.files where owner_id = uid and trashed_at is not null;
  get diagnostics files_gone = row_count;
  delete from app.folders where owner_id = uid and trashed_at is not null;
  get diagnostics folders_gone = row_count;
  perform app.log_activity('trash.empty', uid, null, null, jsonb_build_object('files', files_gone, 'folders', folders_gone));
  return files_gone + folders_gone;
end
$$;
comment on function api.empty_trash() is 'Deletes everything in your trash for good.';

/* Makes an old version the newest one again (a new version sharing its bytes), and its text the file's content text. */
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
comment on function api.restore_version(uuid) is 'Makes an old version of one of your files the newest again.';

/*
 * Changes a file's description and/or visibility (null leaves it as it is).
 * Public opens a link (a new one each time the file is shared again);
 * private deletes it, so the old link stops at once.
 */
create or replace function api.update_file(file_id uuid, description text default null, visibility text default null)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files := app.owned_file(update_file.file_id);
  result api.files;
begin
  if update_file.visibility is not null and update_file.visibility not in ('private', 'public') then
    raise exception using errcode = 'PT400', message = 'visibility must be "private" or "public".';
  end if;
  if char_length(update_file.description) > 10000 then
    raise exception using errcode = 'PT400', message = 'The description can be at most 10000 characters long.';
  end if;
  update app.files
  set description = coalesce(update_file.description, description),
      visibility = coalesce(update_file.visibility, visibility)
  where id = target.id;
  if update_file.visibility = 'public' and not exists (select from app.public_links where file_id = target.id) then
    perform app.open_public_link(target);
  elsif update_file.visibility = 'private' then
    delete from app.public_links where file_id = target.id;
  end if;
  perform app.log_activity('file.update', null, 'file', target.id::text,
    jsonb_strip_nulls(jsonb_build_object('visibility', update_file.visibility,
      'description', case when update_file.description is not null then true end)));
  select * into result from api.files where id = target.id;
  return result;
end
$$;
comment on function api.update_file(uuid, text, text) is
  'Changes the description or visibility of one of your files. Public gives it a link anyone can download it with (a new one each time it is shared again); private ends that link at once.';

/* The folders from the root down to this one: breadcrumbs. */
create or replace function api.folder_path(folder_id uuid)
returns setof api.folders
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
begin
  if not exists (select from app.folders where id = folder_path.folder_id and owner_id = uid) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  return query
    with recursive up as (
      select f.id, f.parent_id, 0 as depth from app.folders f where f.id = folder_path.folder_id
      union all
      select f.id, f.parent_id, up.depth + 1 from app.folders f join up on f.id = up.parent_id
    )
    select v.* from up join api.folders v on v.id = up.id order by up.depth desc;
end
$$;
comment on function api.folder_path(uuid) is 'Breadcrumbs: the folders from the root down to this one.';

/* Auto-purge (the gateway's job, or pg_cron): files and folders in the trash past the retention period. */
create or replace function app.purge_expired_trash()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  cutoff timestamptz := now() - make_interval(days => app.files_setting('files.trash_retention_days')::integer);
  files_gone integer;
  folders_gone integer;
begin
  delete from app.files where trashed_at < cutoff;
  get diagnostics files_gone = row_count;
  delete from app.folders where trashed_at < cutoff;
  get diagnostics folders_gone = row_count;
  return files_gone + folders_gone;
end
$$;

/* The admin's view: with files.read_all_metadata, every user's file metadata (never the bytes). */
create policy "admins read every file's metadata" on app.files
  for select to authenticated using ((select app.user_has_permission('files.read_all_metadata')));
create policy "admins read every folder's metadata" on app.folders
  for select to authenticated using ((select app.user_has_permission('files.read_all_metadata')));
create policy "admins read every version's metadata" on app.file_versions
  for select to authenticated using ((select app.user_has_permission('files.read_all_metadata')));

grant execute on function api.create_folder(text, uuid), api.rename_file(uuid, text), api.move_file(uuid, uuid),
  api.copy_file(uuid, uuid, text), api.rename_folder(uuid, text), api.move_folder(uuid, uuid), api.trash_file(uuid),
  api.restore_file(uuid), api.purge_file(uuid), api.trash_folder(uuid), api.restore_folder(uuid), api.purge_folder(uuid),
  api.empty_trash(), api.restore_version(uuid), api.update_file(uuid, text, text), api.folder_path(uuid)
  to authenticated;
grant execute on function app.purge_expired_trash() to service_role;

create or replace view api.admin_files with (security_invoker = true) as
  select id, owner_id, folder_id, name, mime_type, size, sha256, visibility, description,
         current_version_id, created_at, updated_at, trashed_at,
         case when visibility = 'public' then app.public_link_token(id) end as public_token
  from app.files;
comment on view api.admin_files is 'Every file''s metadata, for admins holding files.read_all_metadata (others see only their own). Never the bytes.';
comment on column api.admin_files.public_token is 'The link token of your own public files; always null on other users'' files.';
revoke all on api.admin_files from public, anon, authenticated;
grant select on api.admin_files to authenticated, service_role;
