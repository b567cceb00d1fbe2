/*
 * An editor of a shared folder who renames, moves or trashes a file inside
 * it gets the changed row back, as the owner does, instead of null.
 *
 * These write functions answered their row from api.files, which lists the
 * caller's own files only: an OR or a UNION ALL of the shared rows there
 * costs the owner's listing its sort-free index scan (62_files_listing; the
 * UNION ALL's branches stay subquery scans, so the planner sorts their
 * append). So the functions answer through app.file_row, the api.files row
 * of a file the caller owns or edits through a share, read after the change
 * (a trashed file keeps its folder, so the editor who binned it gets the row
 * with trashed_at set). The rest of each function is as in
 * 20261202200900_shared_edits.
 */

create or replace function app.file_row(target uuid)
returns api.files
language sql
stable
security definer
set search_path = ''
as $$
  select f.id, f.owner_id, f.folder_id, f.name, f.mime_type, f.size, f.sha256, f.visibility, f.description,
         f.current_version_id, f.created_at, f.updated_at, f.trashed_at,
         case when f.visibility = 'public' then app.public_link_token(f.id) end
  from app.files f
  where f.id = target
    and (f.owner_id = app.current_user_id() or f.folder_id in (select app.shared_folders(true)))
$$;
comment on function app.file_row(uuid) is
  'The api.files row of one of your files, or of a file inside a folder you edit through a share (trashed or not); null otherwise. For the write functions'' answers.';

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
  result := app.file_row(target.id);
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
  result := app.file_row(target.id);
  return result;
exception when unique_violation then
  perform app.name_conflict(target.name, false);
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
  target := app.editable_file(trash_file.file_id);
  if target.trashed_at is null then
    update app.files set trashed_at = now() where id = target.id;
    perform app.log_activity('file.trash', null, 'file', target.id::text, jsonb_build_object('name', target.name));
  end if;
  result := app.file_row(target.id);
  return result;
end
$$;
