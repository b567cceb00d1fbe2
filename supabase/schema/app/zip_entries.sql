-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.zip_entries(file_ids uuid[] DEFAULT NULL::uuid[], folder_ids uuid[] DEFAULT NULL::uuid[])
 RETURNS TABLE(path text, object_key text, size bigint, sha256 text, updated_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  me uuid := app.current_user_id();
  chosen integer := coalesce(cardinality(file_ids), 0) + coalesce(cardinality(folder_ids), 0);
  missing uuid;
begin
  -- A signed zip URL acts as the session it was minted for: it ends with it.
  perform app.require_live_session();
  if chosen = 0 then
    raise exception using errcode = 'PT400', message = 'Choose at least one file or folder to zip.';
  end if;
  if chosen > 1000 then
    raise exception using errcode = 'PT400', message = 'A zip can hold at most 1000 chosen files and folders.',
      hint = 'Zip the folder that holds them instead.';
  end if;
  select c.id into missing from unnest(file_ids) as c(id)
  where not exists (select 1 from app.files f
                    where f.id = c.id and f.owner_id = me and f.trashed_at is null and f.current_version_id is not null)
  limit 1;
  if found then
    raise exception using errcode = 'PT404', message = 'File not found.', detail = format('No file %s of yours to zip.', missing);
  end if;
  select c.id into missing from unnest(folder_ids) as c(id)
  where not exists (select 1 from app.folders d where d.id = c.id and d.owner_id = me and d.trashed_at is null)
  limit 1;
  if found then
    raise exception using errcode = 'PT404', message = 'Folder not found.', detail = format('No folder %s of yours to zip.', missing);
  end if;
  return query
  with recursive tree as (
    select d.id, c.n as root, d.name || '/' as prefix, d.updated_at
    from unnest(folder_ids) with ordinality as c(id, n)
    join app.folders d on d.id = c.id
    union all
    select d.id, t.root, t.prefix || d.name || '/', d.updated_at
    from app.folders d
    join tree t on d.parent_id = t.id
    where d.owner_id = me and d.trashed_at is null
  ), entries as (
    select t.root, t.prefix as path, null::text as object_key, null::bigint as size, null::text as sha256, t.updated_at
    from tree t
    union all
    select t.root, t.prefix || f.name, v.object_key, v.size, v.sha256, f.updated_at
    from tree t
    join app.files f on f.folder_id = t.id and f.owner_id = me and f.trashed_at is null
    join app.file_versions v on v.id = f.current_version_id
    union all
    select coalesce(cardinality(folder_ids), 0) + c.n, f.name, v.object_key, v.size, v.sha256, f.updated_at
    from unnest(file_ids) with ordinality as c(id, n)
    join app.files f on f.id = c.id
    join app.file_versions v on v.id = f.current_version_id
  )
  -- Each chosen item's entries together, in byte order, so a folder's entry
  -- comes before everything under it (what the de-duplication needs).
  select e.path, e.object_key, e.size, e.sha256, e.updated_at from entries e order by e.root, e.path collate "C";
end
$function$;
grant execute on function app.zip_entries(file_ids uuid[], folder_ids uuid[]) to authenticated;
comment on function app.zip_entries(file_ids uuid[], folder_ids uuid[]) is 'The entries (path, object, size) of a zip of the caller''s own files and folders (folders recursively, trashed items left out); PT404 for a chosen item that is not theirs or is trashed.';
