-- Changing the drive needs the `files.write` permission.
--
-- The rbac migration seeds `files.write` ("Upload and change one's own
-- files") for the editor (every new account), admin and superadmin roles,
-- and describes the viewer role as "cannot upload"; until now no function
-- asked for it, so a viewer stored files, created folders and renamed. Every
-- function that changes a user's files, folders, versions or tags now asks
-- `app.require_permission('files.write')` before anything else, so the
-- answer is 403 whether or not the item exists:
--
--   folders   create_folder, rename_folder, move_folder, trash_folder,
--             restore_folder, purge_folder
--   files     rename_file, move_file, copy_file, trash_file, restore_file,
--             purge_file, empty_trash, restore_version, update_file,
--             set_file_content_text
--   tags      add_tags, remove_tag, rename_tag, merge_tags, delete_tag
--   uploads   app.begin_upload, app.record_upload_bytes, app.complete_upload
--             (the files function's signed PUT, tus and store_file)
--
-- Left open on purpose: reads; app.cancel_upload (it only gives a
-- reservation back, so a user demoted mid-upload can free it);
-- app.index_version_content (the files function indexing bytes already
-- stored, also run by maintenance as the owner); app.set_avatar (a profile
-- picture, not a file of the drive).
--
-- Each function below is the current definition with only the permission
-- check added (and, for those that found their item in a declaration, that
-- lookup moved below the check). The search text of a file gets an internal
-- setter, so the indexing paths keep working for owners without the
-- permission while the API function asks for it.

/*
 * The signed-in caller's id when one of their roles grants the permission (a
 * superadmin holds every one), else 42501: "Sign in first." for anon (401),
 * and a message naming the permission for a user without it (403). Reads the
 * tables, so a role taken away counts from the caller's next request.
 */
create or replace function app.require_permission(permission_name text)
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
begin
  if not app.user_has_permission(permission_name) then
    raise exception using errcode = '42501',
      message = format('Not allowed: this needs the %s permission, which none of your roles grants.', permission_name),
      hint = 'An administrator can give you a role that includes it.';
  end if;
  return uid;
end
$$;
comment on function app.require_permission(text) is
  'The caller''s id when their roles grant the permission, else 42501 naming it.';
revoke execute on function app.require_permission(text) from public;
grant execute on function app.require_permission(text) to authenticated, service_role;

/*
 * Folders.
 */
create or replace function api.create_folder(name text, parent_id uuid default null)
returns api.folders
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
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

create or replace function api.rename_folder(folder_id uuid, name text)
returns api.folders
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.folders;
  new_name text;
  result api.folders;
begin
  perform app.require_permission('files.write');
  target := app.owned_folder(rename_folder.folder_id);
  new_name := app.check_name(rename_folder.name);
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

create or replace function api.move_folder(folder_id uuid, parent_id uuid)
returns api.folders
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.folders;
  result api.folders;
begin
  perform app.require_permission('files.write');
  target := app.owned_folder(move_folder.folder_id);
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

create or replace function api.trash_folder(folder_id uuid)
returns api.folders
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.folders;
  stamp timestamptz := now();
  result api.folders;
begin
  perform app.require_permission('files.write');
  target := app.owned_folder(trash_folder.folder_id);
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

create or replace function api.restore_folder(folder_id uuid)
returns api.folders
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.folders;
  stamp timestamptz;
  destination uuid;
  result api.folders;
begin
  perform app.require_permission('files.write');
  target := app.owned_folder(restore_folder.folder_id);
  stamp := target.trashed_at;
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

create or replace function api.purge_folder(folder_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.folders;
begin
  perform app.require_permission('files.write');
  target := app.owned_folder(purge_folder.folder_id);
  delete from app.folders where id = target.id;
  perform app.log_activity('folder.purge', null, 'folder', target.id::text, jsonb_build_object('name', target.name));
end
$$;

/*
 * Files.
 */
create or replace function api.rename_file(file_id uuid, name text)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files;
  new_name text;
  result api.files;
begin
  perform app.require_permission('files.write');
  target := app.owned_file(rename_file.file_id);
  new_name := app.check_name(rename_file.name);
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

create or replace function api.move_file(file_id uuid, folder_id uuid)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files;
  result api.files;
begin
  perform app.require_permission('files.write');
  target := app.owned_file(move_file.file_id);
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

create or replace function api.copy_file(file_id uuid, folder_id uuid default null, name text default null)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
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

create or replace function api.trash_file(file_id uuid)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files;
  result api.files;
begin
  perform app.require_permission('files.write');
  target := app.owned_file(trash_file.file_id);
  if target.trashed_at is null then
    update app.files set trashed_at = now() where id = target.id;
    perform app.log_activity('file.trash', null, 'file', target.id::text, jsonb_build_object('name', target.name));
  end if;
  select * into result from api.files where id = target.id;
  return result;
end
$$;

create or replace function api.restore_file(file_id uuid)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files;
  destination uuid;
  result api.files;
begin
  perform app.require_permission('files.write');
  target := app.owned_file(restore_file.file_id);
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

create or replace function api.purge_file(file_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files;
begin
  perform app.require_permission('files.write');
  target := app.owned_file(purge_file.file_id);
  delete from app.files where id = target.id;
  perform app.log_activity('file.purge', null, 'file', target.id::text, jsonb_build_object('name', target.name));
end
$$;

create or replace function api.empty_trash()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_permission('files.write');
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

create or replace function api.restore_version(version_id uuid)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
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

create or replace function api.update_file(file_id uuid, description text default null, visibility text default null)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files;
  result api.files;
begin
  perform app.require_permission('files.write');
  target := app.owned_file(update_file.file_id);
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

/*
 * A file's search text. The body of api.set_file_content_text moves to
 * app.set_file_content_text, which the indexing paths call (they index bytes
 * already stored, as the owner, whatever the owner's roles now are); the API
 * function, which takes any text from the client, asks for files.write. The
 * service role, a trusted server, may still set any file's text.
 */
create or replace function app.set_file_content_text(file_id uuid, content text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  owner uuid;
  max_bytes integer := app.search_content_max_bytes();
  clean text;
begin
  -- Security invoker: RLS shows a user only their own files; the service role all.
  select f.owner_id into owner from app.files f where f.id = file_id;
  if owner is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  if content is null then
    delete from app.file_contents c where c.file_id = file_id;
    return;
  end if;
  -- Cut to the byte cap on a character boundary (each pass drops at least
  -- the excess bytes' worth of characters, at most 4 bytes each).
  clean := left(content, max_bytes);
  while octet_length(clean) > max_bytes loop
    clean := left(clean, char_length(clean) - greatest((octet_length(clean) - max_bytes + 3) / 4, 1));
  end loop;
  insert into app.file_contents (file_id, owner_id, content) values (file_id, owner, clean)
  on conflict on constraint file_contents_pkey do update set content = excluded.content, updated_at = now();
end
$$;
comment on function app.set_file_content_text(uuid, text) is
  'Stores (null: removes) a file''s content text for search, cut to search.content_max_bytes; no permission check.';
revoke execute on function app.set_file_content_text(uuid, text) from public;
grant execute on function app.set_file_content_text(uuid, text) to authenticated, service_role;

create or replace function api.set_file_content_text(file_id uuid, content text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  if current_user <> 'service_role' then
    perform app.require_permission('files.write');
  end if;
  perform app.set_file_content_text(set_file_content_text.file_id, set_file_content_text.content);
end
$$;
comment on function api.set_file_content_text(uuid, text) is
  'Stores the text of a text-like file (plain text, Markdown, CSV, JSON, source code) for content search, cut to search.content_max_bytes; null removes it. Needs the files.write permission.';

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
    -- The cap app.set_file_content_text applies, on a character boundary.
    clean := left(clean, max_bytes);
    while octet_length(clean) > max_bytes loop
      clean := left(clean, char_length(clean) - greatest((octet_length(clean) - max_bytes + 3) / 4, 1));
    end loop;
    insert into app.object_texts (object_key, owner_id, content) values (target.object_key, uid, clean)
    on conflict (object_key) do update set content = excluded.content;
  end if;
  if exists (select from app.files f where f.id = target.file_id and f.current_version_id = target.id) then
    perform app.set_file_content_text(target.file_id, clean);
    delete from app.content_reindex q where q.file_id = target.file_id;
  end if;
end
$$;

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
    perform app.set_file_content_text(target_file, null);
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
  perform app.set_file_content_text(target_file, known);
  if known is null then
    insert into app.content_reindex (file_id) values (target_file) on conflict (file_id) do nothing;
  end if;
end
$$;

/*
 * Tags (security invoker, as before).
 */
create or replace function api.add_tags(file_id uuid, tags text[])
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_permission('files.write');
begin
  if not exists (select from app.files f where f.id = file_id and f.owner_id = me) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  perform app.attach_tags(file_id, me, tags);
  return app.file_tag_list(file_id);
end
$$;

create or replace function api.remove_tag(file_id uuid, tag_id uuid)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_permission('files.write');
begin
  if not exists (select from app.files f where f.id = file_id and f.owner_id = me) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  delete from app.file_tags ft where ft.file_id = file_id and ft.tag_id = tag_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'That tag is not on this file.';
  end if;
  return app.file_tag_list(file_id);
end
$$;

create or replace function api.rename_tag(tag_id uuid, name text)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_permission('files.write');
  clean text := (app.clean_tag_names(array[name]))[1];
  renamed app.tags;
begin
  if exists (select from app.tags t where t.owner_id = me and t.name = clean and t.id <> tag_id) then
    raise exception using errcode = '23505', message = 'You already have a tag with that name.',
      hint = 'Merge the two tags instead.';
  end if;
  update app.tags t set name = clean where t.id = tag_id and t.owner_id = me returning * into renamed;
  if renamed.id is null then
    raise exception using errcode = 'PT404', message = 'Tag not found.';
  end if;
  return jsonb_build_object('id', renamed.id, 'name', renamed.name, 'created_at', renamed.created_at);
end
$$;

create or replace function api.merge_tags(source_id uuid, target_id uuid)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_permission('files.write');
  target app.tags;
begin
  select * into target from app.tags t where t.id = target_id and t.owner_id = me;
  if target.id is null or not exists (select from app.tags t where t.id = source_id and t.owner_id = me) then
    raise exception using errcode = 'PT404', message = 'Tag not found.';
  end if;
  if source_id = target_id then
    raise exception using errcode = '22023', message = 'A tag cannot be merged into itself.';
  end if;
  -- Move the links in one statement, so a file at the 50-tag limit that
  -- carries the source tag is never counted with both.
  with moved as (
    delete from app.file_tags ft where ft.tag_id = source_id returning ft.file_id
  )
  insert into app.file_tags (file_id, tag_id, owner_id)
  select moved.file_id, target_id, me from moved
  on conflict do nothing;
  delete from app.tags t where t.id = source_id;
  return jsonb_build_object('id', target.id, 'name', target.name, 'created_at', target.created_at);
end
$$;

create or replace function api.delete_tag(tag_id uuid)
returns void
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_permission('files.write');
begin
  delete from app.tags t where t.id = tag_id and t.owner_id = me;
  if not found then
    raise exception using errcode = 'PT404', message = 'Tag not found.';
  end if;
end
$$;

/*
 * Uploads: the files function starts, fills and completes each one as the
 * caller (the signed PUT as the owner its grant names), so a role taken
 * away mid-upload stops the upload at its next step.
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
  uid uuid := app.require_permission('files.write');
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

create or replace function app.record_upload_bytes(upload_id uuid, size bigint, sha256 text, sniffed_mime text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
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

create or replace function app.complete_upload(upload_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_permission('files.write');
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
