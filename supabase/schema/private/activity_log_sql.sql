-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.activity_log_sql(actions text[], conditions text, page_size integer)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  order_limit text := ' order by l.created_at desc, l.id desc' || coalesce(' limit ' || page_size, '');
begin
  if actions is null then
    return format('select l.* from app.activity_log l where %s', conditions) || order_limit;
  end if;
  if cardinality(actions) = 0 then
    return 'select l.* from app.activity_log l where false';
  end if;
  if cardinality(actions) = 1 or page_size is null then
    return format('select l.* from app.activity_log l where l.action = any(%L::text[]) and %s', actions, conditions)
      || order_limit;
  end if;
  return 'select l.* from (' || (
    select string_agg(format('(select l.* from app.activity_log l where l.action = %L and %s%s)', a, conditions, order_limit), ' union all ')
    from unnest(actions) a
  ) || ') l' || order_limit;
end
$function$;
