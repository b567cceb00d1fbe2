-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_bucket_rows(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer, walk_rows integer, cursor jsonb, page_size integer, matches real DEFAULT NULL::real)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  rows jsonb := '[]'::jsonb;
  part jsonb;
  edge jsonb;
  after jsonb := case when cursor is not null and (cursor ->> 0)::integer = bucket then cursor end;
  walked bigint := 0;
  more double precision;
begin
  if walk_rows <= 0 then
    execute app.search_bucket_sql(owner, t, fuzzy, filters, bucket, 0, after, page_size) into rows;
    return rows;
  end if;
  loop
    execute app.search_bucket_sql(owner, t, fuzzy, filters, bucket, walk_rows, after, page_size - jsonb_array_length(rows))
      into part;
    rows := rows || part;
    exit when jsonb_array_length(rows) >= page_size;
    -- The last file the walk read (none: it read all of the owner's files, the bucket is complete).
    execute format('select to_jsonb(e) from (select f.updated_at, f.id from app.files f where f.owner_id = %L::uuid and %s '
      'order by f.updated_at desc, f.id desc offset %s limit 1) e', owner,
      case when after is not null then
        format('(f.updated_at, f.id) < (%L::timestamptz, %L::uuid)', (after ->> 2)::timestamptz, (after ->> 3)::uuid)
      else 'true' end, walk_rows - 1) into edge;
    exit when edge is null;
    after := jsonb_build_array(bucket, 0, edge -> 'updated_at', edge -> 'id', fuzzy);
    walked := walked + walk_rows;
    -- Walk on while, at the density seen so far, the rest of the page is nearer than reading
    -- the bucket's remaining matches (`matches`, the estimate) through its index.
    more := (page_size - jsonb_array_length(rows)) * walked::double precision / greatest(jsonb_array_length(rows), 1);
    if matches is null or walked + more > 100000
       or more * (case when bucket = 4 then 4 else 1 end) > app.search_match_cost(t, bucket, filters) * (matches - jsonb_array_length(rows)) then
      execute app.search_bucket_sql(owner, t, fuzzy, filters, bucket, 0, after, page_size - jsonb_array_length(rows))
        into part;
      return rows || part;
    end if;
    walk_rows := greatest(ceil(1.5 * more), 1000)::integer;
  end loop;
  return rows;
end
$function$;
grant execute on function app.search_bucket_rows(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer, walk_rows integer, cursor jsonb, page_size integer, matches real) to authenticated;
grant execute on function app.search_bucket_rows(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer, walk_rows integer, cursor jsonb, page_size integer, matches real) to service_role;
