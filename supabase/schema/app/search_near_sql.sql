-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_near_sql(owner uuid, t app.search_terms, filters text[], exact uuid[], page_size integer)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select format($sql$
    select count(*), coalesce(jsonb_agg(jsonb_build_object('id', id, 'updated_at', updated_at, 'bucket', 5, 'score', score)
      order by n) filter (where n <= %1$s), '[]')
    from (select f.*, row_number() over (order by f.score desc, f.updated_at desc, f.id desc) as n
          from (select f.id, f.updated_at, %2$s as score
                from app.files f where %3$s%4$s and %5$s and f.id <> all(%6$L::uuid[]) offset 0) f) r
  $sql$, page_size, (app.search_near_arm(t))[2], app.search_owner_test(owner, filters, true),
    coalesce(' and ' || nullif(array_to_string(filters[2:], ' and '), ''), ''),
    coalesce((app.search_bucket_conds(t, true))[6], 'false'), exact)
$function$;
grant execute on function app.search_near_sql(owner uuid, t app.search_terms, filters text[], exact uuid[], page_size integer) to authenticated;
grant execute on function app.search_near_sql(owner uuid, t app.search_terms, filters text[], exact uuid[], page_size integer) to service_role;
