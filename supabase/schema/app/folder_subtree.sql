-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.folder_subtree(root uuid)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  with recursive tree as (
    select id from app.folders where id = root
    union all
    select f.id from app.folders f join tree t on f.parent_id = t.id
  )
  select id from tree
$function$;
