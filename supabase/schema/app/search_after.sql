-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_after(cursor jsonb)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case when cursor is null then 'true' else format(
    '(bucket > %1$L or (bucket = %1$L and (score < %2$L or (score = %2$L and '
    '(updated_at < %3$L or (updated_at = %3$L and id < %4$L))))))',
    (cursor ->> 0)::integer, (cursor ->> 1)::real, (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid) end
$function$;
grant execute on function app.search_after(cursor jsonb) to authenticated;
grant execute on function app.search_after(cursor jsonb) to service_role;
