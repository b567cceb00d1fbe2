-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.folder_path(folder_id uuid)
 RETURNS SETOF api.folders
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
grant execute on function api.folder_path(folder_id uuid) to authenticated;
comment on function api.folder_path(folder_id uuid) is 'Breadcrumbs: the folders from the root down to this one; inside a folder shared with you, from the shared folder down, its `parent_id` null (for a folder-limited access token, from its folder).';
