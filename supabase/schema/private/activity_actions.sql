-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.activity_actions()
 RETURNS SETOF text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  with recursive a(action) as (
    (select l.action from app.activity_log l order by l.action limit 1)
    union all
    select (select l.action from app.activity_log l where l.action > a.action order by l.action limit 1)
    from a where a.action is not null
  )
  select a.action from a where a.action is not null
$function$;
