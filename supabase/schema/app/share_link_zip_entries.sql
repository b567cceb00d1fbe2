-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_link_zip_entries(token text, access text DEFAULT NULL::text, folder_id uuid DEFAULT NULL::uuid, file_ids uuid[] DEFAULT NULL::uuid[])
 RETURNS TABLE(path text, object_key text, size bigint, sha256 text, updated_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.serving_link(token, access);
  root uuid;
begin
  if link.folder_id is null then
    raise exception using errcode = 'PT400', message = 'A zip is for a folder link.';
  end if;
  if link.type not in ('view', 'edit') then
    raise exception using errcode = 'PT403', message = 'Download disabled by the owner: this link shows previews only.';
  end if;
  root := coalesce(folder_id, link.folder_id);
  if root not in (select private.link_folders(link)) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  if cardinality(file_ids) > 10000 then
    raise exception using errcode = 'PT400', message = 'A zip can hold at most 10000 chosen files.';
  end if;
  return query
  with recursive tree as (
    select d.id, ''::text as prefix from app.folders d where d.id = root
    union all
    select d.id, t.prefix || d.name || '/' from app.folders d join tree t on d.parent_id = t.id where d.trashed_at is null
  )
  select t.prefix || f.name, v.object_key, v.size, v.sha256, f.updated_at
  from tree t
  join app.files f on f.folder_id = t.id and f.trashed_at is null
  join app.file_versions v on v.id = f.current_version_id
  where file_ids is null or f.id = any (file_ids)
  order by 1;
end
$function$;
grant execute on function app.share_link_zip_entries(token text, access text, folder_id uuid, file_ids uuid[]) to anon;
grant execute on function app.share_link_zip_entries(token text, access text, folder_id uuid, file_ids uuid[]) to authenticated;
comment on function app.share_link_zip_entries(token text, access text, folder_id uuid, file_ids uuid[]) is 'The files (path in the zip, object, size) a zip of a folder link holds: a folder under it, or chosen files.';
