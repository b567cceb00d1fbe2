/*
 * What an `edit` link may change besides uploads: create folders, rename,
 * move and trash files and folders, all inside the shared folder and never
 * the shared folder itself (renaming, moving or trashing it is its owner's
 * call). Trashed items go to the owner's trash, where the owner can restore
 * them. Each change is an activity row on the link.
 */

/* An edit link, or PT403. */
create or replace function private.edit_link(token text, access text)
returns app.share_links
language plpgsql
stable
set search_path = ''
as $$
declare
  link app.share_links := private.serving_link(token, access);
begin
  if link.type <> 'edit' then
    raise exception using errcode = 'PT403', message = 'This link cannot change what is shared.';
  end if;
  return link;
end
$$;

/* Locks and answers a file under the link, or PT404. */
create or replace function private.edit_link_file(link app.share_links, file_id uuid)
returns app.files
language plpgsql
volatile
set search_path = ''
as $$
declare
  found_file app.files;
begin
  select * into found_file from app.files f
  where f.id = file_id and f.trashed_at is null and f.folder_id in (select private.link_folders(link))
  for update;
  if found_file.id is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return found_file;
end
$$;

/* Locks and answers a folder under the link (never the shared folder itself), or PT404. */
create or replace function private.edit_link_folder(link app.share_links, folder_id uuid)
returns app.folders
language plpgsql
volatile
set search_path = ''
as $$
declare
  found_folder app.folders;
begin
  select * into found_folder from app.folders d
  where d.id = folder_id and d.id <> link.folder_id and d.id in (select private.link_folders(link))
  for update;
  if found_folder.id is null then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  return found_folder;
end
$$;

/* Creates a folder under an edit link's folder (its own folder by default). */
create or replace function app.share_link_create_folder(token text, access text, name text, parent_id uuid default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  link app.share_links := private.edit_link(token, access);
  parent uuid := coalesce(parent_id, link.folder_id);
  made app.folders;
begin
  if parent not in (select private.link_folders(link)) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  insert into app.folders (owner_id, parent_id, name) values (link.owner_id, parent, app.check_name(name)) returning * into made;
  perform app.log_activity('share_link.create_folder', null, 'share_link', link.id::text,
    jsonb_build_object('owner_id', link.owner_id, 'folder_id', made.id, 'name', made.name));
  return jsonb_build_object('id', made.id, 'kind', 'folder', 'name', made.name, 'parent_id', made.parent_id);
exception when unique_violation then
  raise exception using errcode = 'PT409', message = 'A folder of that name is already there.';
end
$$;
comment on function app.share_link_create_folder(text, text, text, uuid) is 'Creates a folder inside an edit link''s folder.';
grant execute on function app.share_link_create_folder(text, text, text, uuid) to anon, authenticated;

/* Renames a file or folder under an edit link. */
create or replace function app.share_link_rename(token text, access text, name text, file_id uuid default null, folder_id uuid default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  link app.share_links := private.edit_link(token, access);
  new_name text := app.check_name(name);
begin
  if num_nonnulls(file_id, folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if file_id is not null then
    perform private.edit_link_file(link, file_id);
    perform app.assert_allowed_type(new_name, (select f.mime_type from app.files f where f.id = file_id));
    update app.files f set name = new_name where f.id = file_id;
  else
    perform private.edit_link_folder(link, folder_id);
    update app.folders d set name = new_name where d.id = folder_id;
  end if;
  perform app.log_activity('share_link.rename', null, 'share_link', link.id::text,
    jsonb_build_object('owner_id', link.owner_id, 'file_id', file_id, 'folder_id', folder_id, 'name', new_name));
  return jsonb_build_object('id', coalesce(file_id, folder_id), 'name', new_name);
exception when unique_violation then
  raise exception using errcode = 'PT409', message = 'Something of that name is already there.';
end
$$;
comment on function app.share_link_rename(text, text, text, uuid, uuid) is 'Renames a file or folder inside an edit link''s folder.';
grant execute on function app.share_link_rename(text, text, text, uuid, uuid) to anon, authenticated;

/* Moves a file or folder to another folder under the same edit link. */
create or replace function app.share_link_move(token text, access text, to_folder_id uuid, file_id uuid default null, folder_id uuid default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  link app.share_links := private.edit_link(token, access);
begin
  if num_nonnulls(file_id, folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if to_folder_id is null or to_folder_id not in (select private.link_folders(link)) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  if file_id is not null then
    perform private.edit_link_file(link, file_id);
    update app.files f set folder_id = to_folder_id where f.id = file_id;
  else
    perform private.edit_link_folder(link, folder_id);
    if to_folder_id in (select app.folder_subtree(folder_id)) then
      raise exception using errcode = 'PT400', message = 'A folder cannot move into itself.';
    end if;
    update app.folders d set parent_id = to_folder_id where d.id = folder_id;
  end if;
  perform app.log_activity('share_link.move', null, 'share_link', link.id::text,
    jsonb_build_object('owner_id', link.owner_id, 'file_id', file_id, 'folder_id', folder_id, 'to_folder_id', to_folder_id));
  return jsonb_build_object('id', coalesce(file_id, folder_id), 'folder_id', to_folder_id);
exception when unique_violation then
  raise exception using errcode = 'PT409', message = 'Something of that name is already there.';
end
$$;
comment on function app.share_link_move(text, text, uuid, uuid, uuid) is 'Moves a file or folder to another folder inside an edit link''s folder.';
grant execute on function app.share_link_move(text, text, uuid, uuid, uuid) to anon, authenticated;

/* Moves a file or folder under an edit link to its owner's trash. */
create or replace function app.share_link_trash(token text, access text, file_id uuid default null, folder_id uuid default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  link app.share_links := private.edit_link(token, access);
  stamp timestamptz := now();
begin
  if num_nonnulls(file_id, folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if file_id is not null then
    perform private.edit_link_file(link, file_id);
    update app.files f set trashed_at = stamp where f.id = file_id;
  else
    perform private.edit_link_folder(link, folder_id);
    update app.folders d set trashed_at = stamp where d.id in (select app.folder_subtree(folder_id)) and d.trashed_at is null;
    update app.files f set trashed_at = stamp where f.folder_id in (select app.folder_subtree(folder_id)) and f.trashed_at is null;
  end if;
  perform app.log_activity('share_link.trash', null, 'share_link', link.id::text,
    jsonb_build_object('owner_id', link.owner_id, 'file_id', file_id, 'folder_id', folder_id));
end
$$;
comment on function app.share_link_trash(text, text, uuid, uuid) is 'Moves a file or folder inside an edit link''s folder to its owner''s trash.';
grant execute on function app.share_link_trash(text, text, uuid, uuid) to anon, authenticated;
