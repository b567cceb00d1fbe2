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
begin
  if not exists (select from app.folders where id = folder_path.folder_id and owner_id = uid)
     or not app.token_allows_folder(folder_path.folder_id) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  return query
    with recursive up as (
      select f.id, f.parent_id, 0 as depth from app.folders f where f.id = folder_path.folder_id
      union all
      select f.id, f.parent_id, up.depth + 1 from app.folders f join up on f.id = up.parent_id
    )
    select v.* from up join api.folders v on v.id = up.id
    where app.token_allows_folder(v.id)
    order by up.depth desc;
end
$function$;
grant execute on function api.folder_path(folder_id uuid) to authenticated;
comment on function api.folder_path(folder_id uuid) is 'Breadcrumbs: the folders from the root down to this one (for a folder-limited access token, from its folder).';
