-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_filters(owner uuid, tag_ids uuid[], type_group text, mime_type text, modified_from timestamp with time zone, modified_to timestamp with time zone, size_min bigint, size_max bigint, folder_id uuid, include_subfolders boolean, trashed boolean)
 RETURNS text[]
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  filters text[] := array[format('f.owner_id = %L::uuid', owner)];
begin
  if trashed is not null then
    filters := filters || case when trashed then 'f.trashed_at is not null' else 'f.trashed_at is null' end;
  end if;
  if cardinality(tag_ids) > 0 then
    filters := filters || format('f.tag_ids @> %L::uuid[]', tag_ids);
  end if;
  if type_group is not null then
    filters := filters || format('f.type_group = %L', type_group);
  end if;
  if mime_type is not null then
    filters := filters || format('f.mime_type = %L', mime_type);
  end if;
  if modified_from is not null then
    filters := filters || format('f.updated_at >= %L::timestamptz', modified_from);
  end if;
  if modified_to is not null then
    filters := filters || format('f.updated_at < %L::timestamptz', modified_to);
  end if;
  if size_min is not null then
    filters := filters || format('f.size >= %L::bigint', size_min);
  end if;
  if size_max is not null then
    filters := filters || format('f.size <= %L::bigint', size_max);
  end if;
  if folder_id is not null and coalesce(include_subfolders, false) then
    filters := filters || format(
      'f.folder_id in (with recursive sub(id) as (select %L::uuid union all '
      'select c.id from app.folders c join sub on c.parent_id = sub.id where c.owner_id = %L::uuid) select id from sub)',
      folder_id, owner);
  elsif folder_id is not null then
    filters := filters || format('f.folder_id = %L::uuid', folder_id);
  end if;
  return filters;
end
$function$;
grant execute on function app.search_filters(owner uuid, tag_ids uuid[], type_group text, mime_type text, modified_from timestamp with time zone, modified_to timestamp with time zone, size_min bigint, size_max bigint, folder_id uuid, include_subfolders boolean, trashed boolean) to authenticated;
grant execute on function app.search_filters(owner uuid, tag_ids uuid[], type_group text, mime_type text, modified_from timestamp with time zone, modified_to timestamp with time zone, size_min bigint, size_max bigint, folder_id uuid, include_subfolders boolean, trashed boolean) to service_role;
