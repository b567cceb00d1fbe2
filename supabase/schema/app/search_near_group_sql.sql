-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_near_group_sql(owner uuid, keys text, better text, exact uuid[], name_test text, score real, walk_rows integer, after jsonb, need integer)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case when walk_rows > 0 then format($sql$
    select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'updated_at', p.updated_at, 'bucket', 5, 'score', %1$L::real)
      order by p.updated_at desc, p.id desc), '[]')
    from (select f.id, f.updated_at
          from (select f.id, f.updated_at, f.name from app.files f where f.owner_id = %2$L::uuid and f.trashed_at is null
                order by f.updated_at desc, f.id desc limit %3$s) f
          where case when (%4$s or octet_length(f.name) <> char_length(f.name)) and f.id <> all(%5$L::uuid[])
                     then coalesce((select n.search_words @@ %6$L::tsquery and not coalesce(n.search_words @@ %7$s, false)
                                    from app.files n where n.id = f.id), false)
                     else false end
          order by f.updated_at desc, f.id desc limit %8$s) p
  $sql$, score, owner, walk_rows, name_test, exact, keys, coalesce(quote_literal(better) || '::tsquery', 'null'), need)
  else format($sql$
    select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'updated_at', p.updated_at, 'bucket', 5, 'score', %1$L::real)
      order by p.updated_at desc, p.id desc), '[]')
    from (select * from (select f.id, f.updated_at from app.files f
                         where (f.owner_id = %2$L::uuid) is true and f.trashed_at is null and f.search_words @@ %3$L::tsquery
                           and not coalesce(f.search_words @@ %4$s, false) and f.id <> all(%5$L::uuid[]) and %6$s offset 0) f
          order by f.updated_at desc, f.id desc limit %7$s) p
  $sql$, score, owner, keys, coalesce(quote_literal(better) || '::tsquery', 'null'), exact,
    case when after is null then 'true'
      else format('(f.updated_at, f.id) < (%L::timestamptz, %L::uuid)', after ->> 'updated_at', after ->> 'id') end, need)
  end
$function$;
grant execute on function app.search_near_group_sql(owner uuid, keys text, better text, exact uuid[], name_test text, score real, walk_rows integer, after jsonb, need integer) to authenticated;
grant execute on function app.search_near_group_sql(owner uuid, keys text, better text, exact uuid[], name_test text, score real, walk_rows integer, after jsonb, need integer) to service_role;
