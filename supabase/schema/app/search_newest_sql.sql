-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_newest_sql(filters text[], cursor jsonb, page_size integer)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  -- `is true` keeps the tag index out: the owner's index, newest first, is the walk.
  select format($sql$
      with m as materialized (
        select f.id, f.updated_at, 0 as bucket, 0::real as score from app.files f
        where %1$s and (%2$s) is true order by f.updated_at desc, f.id desc limit 1001)
      select total, rows, case when total > 1000 then
          (select jsonb_build_object('counts', jsonb_build_array(count(*)),
             'dates', jsonb_build_object('0', to_jsonb((array_agg(updated_at order by updated_at desc))[1:256])))
           from m) end as sample
      from (select count(*) as total from m) t,
        lateral (select coalesce(jsonb_agg(to_jsonb(p) order by p.updated_at desc, p.id desc), '[]') as rows
                 from (select * from m where %3$s order by updated_at desc, id desc limit %4$s) p) r
    $sql$, filters[1], coalesce(nullif(array_to_string(filters[2:], ' and '), ''), 'true'),
    app.search_after(cursor), page_size)
$function$;
grant execute on function app.search_newest_sql(filters text[], cursor jsonb, page_size integer) to authenticated;
grant execute on function app.search_newest_sql(filters text[], cursor jsonb, page_size integer) to service_role;
comment on function app.search_newest_sql(filters text[], cursor jsonb, page_size integer) is 'The SQL of search phase 1 for tags alone on a tag many of the owner''s files carry: the newest 1001 matches.';
