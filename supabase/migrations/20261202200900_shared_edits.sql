/*
 * Editors of a folder share change what is inside it, through the owner's
 * own functions: create folders, rename, move and trash files and folders
 * strictly inside the shared folder. The shared folder itself (its name, its
 * place, its trash) stays the owner's, and nothing leaves the shared tree:
 * a move's destination is a folder of the same owner that the editor's
 * shares reach. What an editor makes belongs to the owner (owner_id, names
 * unique in the owner's folder, the owner's quota). Purge, restore and
 * version restore stay the owner's, and so does sharing (api.share_with
 * asks for an item the caller owns, so nobody re-shares what they were
 * given).
 *
 * "Strictly inside" is one set membership: a file whose folder is in
 * app.shared_folders(true), a folder whose parent is.
 */

/* A file the caller owns, or edits through a share; locked; PT404 otherwise. */
create or replace function app.editable_file(target uuid)
returns app.files
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
  found_file app.files;
begin
  select * into found_file from app.files f
  where f.id = target
    and (f.owner_id = uid or (f.trashed_at is null and f.folder_id in (select app.shared_folders(true))))
  for update;
  if not found or not app.token_allows_folder(found_file.folder_id) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return found_file;
end
$$;
comment on function app.editable_file(uuid) is 'One of your files, or a file inside a folder shared with you as editor, locked; PT404 otherwise.';

/* A folder the caller owns, or one strictly inside a folder they edit through a share; locked; PT404 otherwise. */
create or replace function app.editable_folder(target uuid)
returns app.folders
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
  found_folder app.folders;
begin
  select * into found_folder from app.folders d
  where d.id = target
    and (d.owner_id = uid or (d.trashed_at is null and d.parent_id in (select app.shared_folders(true))))
  for update;
  if not found or not app.token_allows_folder(found_folder.id) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  return found_folder;
end
$$;
comment on function app.editable_folder(uuid) is 'One of your folders, or one inside a folder shared with you as editor (not the shared folder itself), locked; PT404 otherwise.';

/* Where an item of `owner` may go: for the owner any live folder of theirs or the root; for an editor a live folder of the owner inside their shares. */
create or replace function app.assert_destination(owner uuid, target uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if owner = app.current_user_id() then
    perform app.assert_folder_usable(target);
  elsif target is null or not exists (
    select from app.folders d
    where d.id = target and d.owner_id = owner and d.trashed_at is null
      and d.id in (select app.shared_folders(true))
  ) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
end
$$;
comment on function app.assert_destination(uuid, uuid) is 'PT404 unless the caller may put an item of owner into folder target (null: the owner''s root, for the owner only).';

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
  owner uuid;
  created uuid;
  result api.folders;
begin
  select d.owner_id into owner from app.folders d where d.id = create_folder.parent_id;
  owner := coalesce(owner, uid);
  perform app.assert_destination(owner, create_folder.parent_id);
  if app.name_taken(owner, create_folder.parent_id, folder_name, true) then
    perform app.name_conflict(folder_name, true);
  end if;
  insert into app.folders (owner_id, parent_id, name) values (owner, create_folder.parent_id, folder_name)
  returning id into created;
  perform app.log_activity('folder.create', uid, 'folder', created::text, jsonb_build_object('name', folder_name));
  select * into result from api.folders where id = created;
  return result;
exception when unique_violation then
  perform app.name_conflict(folder_name, true);
end
$$;
comment on function api.create_folder(text, uuid) is
  'Creates a folder (in yours, or inside a folder shared with you as editor, where it is the owner''s); names are unique per folder, case-insensitively.';

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
  target := app.editable_file(rename_file.file_id);
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
comment on function api.rename_file(uuid, text) is 'Renames one of your files, or one inside a folder shared with you as editor.';

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
  target := app.editable_file(move_file.file_id);
  perform app.assert_destination(target.owner_id, move_file.folder_id);
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
comment on function api.move_file(uuid, uuid) is
  'Moves one of your files into a folder (null: the root); an editor of a shared folder moves within what the share reaches.';

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
  target := app.editable_file(trash_file.file_id);
  if target.trashed_at is null then
    update app.files set trashed_at = now() where id = target.id;
    perform app.log_activity('file.trash', null, 'file', target.id::text, jsonb_build_object('name', target.name));
  end if;
  select * into result from api.files where id = target.id;
  return result;
end
$$;
comment on function api.trash_file(uuid) is
  'Moves one of your files (or one inside a folder shared with you as editor: to its owner''s trash) to the trash (purged automatically after the retention period).';

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
  target := app.editable_folder(rename_folder.folder_id);
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
comment on function api.rename_folder(uuid, text) is 'Renames one of your folders, or one inside a folder shared with you as editor.';

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
  target := app.editable_folder(move_folder.folder_id);
  perform app.assert_destination(target.owner_id, move_folder.parent_id);
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
comment on function api.move_folder(uuid, uuid) is
  'Moves one of your folders (null: the root); cycles are refused; an editor of a shared folder moves within what the share reaches.';

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
  target := app.editable_folder(trash_folder.folder_id);
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
comment on function api.trash_folder(uuid) is
  'Moves one of your folders, with everything in it, to the trash (an editor of a shared folder: one inside it, to its owner''s trash).';
