/*
 * A recipient lists a shared folder's files, and nothing the share does not
 * reach names the owner's folders above it.
 *
 *   shared_folder_files  the live files directly inside one folder that the
 *                        caller owns or reaches through an active share, as
 *                        rows of api.files (so PostgREST filters, orders and
 *                        ranges it as it does the owner's `files`). It is a
 *                        separate function rather than a UNION ALL branch of
 *                        api.files because any second branch there costs the
 *                        owner's listing its sort-free scan of files_listing
 *                        (62_files_listing proves the owner's plan). The
 *                        share test is on the argument, once per call, over
 *                        the indexed share rows (app.shared_folders), never
 *                        a function per row; RLS on app.files (the function
 *                        runs as the caller) narrows it again, and a
 *                        folder-limited access token with it. public_token
 *                        is the owner's link: null for everyone else.
 *   folders              the recipient's shared rows are the folders *under*
 *                        a folder the share reaches, so every parent_id a
 *                        recipient reads is one they reach. The shared folder
 *                        itself (whose parent_id is the owner's folder above
 *                        the share) comes through api.shared_with_me and
 *                        folder_path. The owner's branch is unchanged.
 *   folder_path          the same walk as before; the top crumb's parent_id
 *                        is null unless the caller owns or reaches that
 *                        parent, so breadcrumbs start at the shared folder
 *                        without naming (or pointing at) the owner's folders.
 */

create or replace view api.folders with (security_invoker = true) as
  select id, owner_id, parent_id, name, created_at, updated_at, trashed_at from app.folders
  where owner_id = (select app.current_user_id())
     or (trashed_at is null and parent_id in (select app.shared_folders()));
comment on view api.folders is
  'Your folders, and those under folders shared with you (the shared folder itself is in `shared_with_me`). `parent_id` null means your root; `trashed_at` is set while in the trash.';

revoke all on api.folders from public, anon, authenticated;
grant select on api.folders to authenticated, service_role;

create or replace function api.shared_folder_files(folder_id uuid)
returns setof api.files
language sql
stable
set search_path = ''
as $$
  select f.id, f.owner_id, f.folder_id, f.name, f.mime_type, f.size, f.sha256, f.visibility, f.description,
         f.current_version_id, f.created_at, f.updated_at, f.trashed_at,
         case when f.owner_id = (select app.current_user_id()) and f.visibility = 'public'
              then app.public_link_token(f.id) end
  from app.files f
  where f.folder_id = shared_folder_files.folder_id
    and f.trashed_at is null
    and (f.owner_id = (select app.current_user_id())
         or shared_folder_files.folder_id in (select app.shared_folders()))
$$;
revoke all on function api.shared_folder_files(uuid) from public;
grant execute on function api.shared_folder_files(uuid) to authenticated;
comment on function api.shared_folder_files(folder_id uuid) is
  'The live files directly inside a folder shared with you (or your own), as rows of `files`: filter, order and page it as `files` (`order=name,id`). Empty for a folder you do not reach.';

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
    select d.id, d.owner_id,
           -- The shared folder's parent is the owner's: not the recipient's to know.
           case when d.owner_id = uid or d.parent_id = any (reached) then d.parent_id end,
           d.name, d.created_at, d.updated_at, d.trashed_at
    from up join app.folders d on d.id = up.id
    where app.token_allows_folder(d.id)
    order by up.depth desc;
end
$$;
revoke all on function api.folder_path(uuid) from public;
grant execute on function api.folder_path(uuid) to authenticated;
comment on function api.folder_path(folder_id uuid) is
  'Breadcrumbs: the folders from the root down to this one; inside a folder shared with you, from the shared folder down, its `parent_id` null (for a folder-limited access token, from its folder).';
