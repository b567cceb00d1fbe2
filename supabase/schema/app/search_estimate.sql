-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_estimate(condition text)
 RETURNS bigint
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  plan json;
begin
  execute 'explain (format json) select from app.files f where ' || condition into plan;
  return (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
end
$function$;
grant execute on function app.search_estimate(condition text) to authenticated;
grant execute on function app.search_estimate(condition text) to service_role;
