-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_walk_length(owner uuid, dates jsonb, share double precision, matching double precision, need integer, cursor jsonb, bucket integer, row_cost double precision, match_cost double precision)
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  k integer := ceil(need * 1001.0 / greatest(matching, 1002))::integer;
  sampled timestamptz[];
  newer bigint;
begin
  select array_agg(d::timestamptz order by n) into sampled
  from jsonb_array_elements_text(coalesce(dates, '[]')) with ordinality e(d, n)
  where cursor is null or (cursor ->> 0)::integer <> bucket or d::timestamptz < (cursor ->> 2)::timestamptz;
  if k > coalesce(cardinality(sampled), 0) then
    return 0;
  end if;
  newer := app.search_estimate(format('f.owner_id = %L::uuid and f.updated_at >= %L::timestamptz', owner, sampled[k])
    || case when cursor is not null and (cursor ->> 0)::integer = bucket
       then format(' and f.updated_at <= %L::timestamptz', (cursor ->> 2)::timestamptz) else '' end);
  if 1.5 * newer * row_cost < match_cost * share * greatest(matching, 1002) then
    return least(greatest(2 * newer, 1000), 100000)::integer;
  end if;
  return 0;
end
$function$;
grant execute on function app.search_walk_length(owner uuid, dates jsonb, share double precision, matching double precision, need integer, cursor jsonb, bucket integer, row_cost double precision, match_cost double precision) to authenticated;
grant execute on function app.search_walk_length(owner uuid, dates jsonb, share double precision, matching double precision, need integer, cursor jsonb, bucket integer, row_cost double precision, match_cost double precision) to service_role;
