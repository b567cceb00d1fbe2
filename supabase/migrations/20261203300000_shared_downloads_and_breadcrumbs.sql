/*
 * Recipients of a people share download and find their way through the
 * same functions as the owner, never a side door.
 *
 *   version_for_download  (behind app.start_download, the signed download
 *                         grant and the files function) answers a recipient
 *                         what RLS lets them read: the current bytes of a
 *                         live file the share reaches, for viewers and
 *                         editors; any kept version for editors, as
 *                         api.file_versions lists them to editors only.
 *   folder_path           (breadcrumbs) answers inside a shared folder too,
 *                         from the shared folder down: the walk up stops at
 *                         the first folder the caller neither owns nor
 *                         reaches through a share, so the owner's folders
 *                         above the share stay unnamed.
 *
 * Both test membership in the share sets (app.shared_folders,
 * app.shared_files) as sub-selects, as the read policies do; a
 * folder-limited access token still narrows everything to its folder.
 */

create or replace function app.version_for_download(target_file uuid, target_version uuid default null)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'file_id', f.id, 'version_id', v.id, 'version', v.version, 'name', f.name, 'object_key', v.object_key,
    'size', v.size, 'sha256', v.sha256, 'mime_type', v.mime_type, 'owner_id', f.owner_id
  )
  from app.files f
  join app.file_versions v on v.file_id = f.id
  where f.id = target_file
    and v.id = coalesce(target_version, f.current_version_id)
    and app.token_allows_folder(f.folder_id)
    and (
      f.owner_id = app.current_user_id()
      or (f.trashed_at is null and (
        -- Editors: every kept version.
        f.folder_id in (select app.shared_folders(true)) or f.id in (select app.shared_files(true))
        -- Viewers: the current bytes only.
        or (v.id = f.current_version_id
            and (f.folder_id in (select app.shared_folders()) or f.id in (select app.shared_files())))))
    )
$$;
comment on function app.version_for_download(uuid, uuid) is
  'A version the caller may download, as JSON, or null: any of their own files'' versions, the current one of a file shared with them, any version of one they edit through a share.';

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
  reached uuid[] := array(select app.shared_folders());
begin
  if not exists (
       select from app.folders d
       where d.id = folder_path.folder_id and (d.owner_id = uid or d.id = any (reached)))
     or not app.token_allows_folder(folder_path.folder_id) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  return query
    with recursive up as (
      select d.id, d.parent_id, 0 as depth from app.folders d where d.id = folder_path.folder_id
      union all
      -- Upwards only through folders the caller owns or reaches: a shared folder's crumbs start at the share.
      select d.id, d.parent_id, up.depth + 1 from app.folders d join up on d.id = up.parent_id
      where d.owner_id = uid or d.id = any (reached)
    )
    select d.id, d.owner_id, d.parent_id, d.name, d.created_at, d.updated_at, d.trashed_at
    from up join app.folders d on d.id = up.id
    where app.token_allows_folder(d.id)
    order by up.depth desc;
end
$$;
comment on function api.folder_path(uuid) is
  'Breadcrumbs: the folders from the root down to this one; inside a folder shared with you, from the shared folder down (for a folder-limited access token, from its folder).';
