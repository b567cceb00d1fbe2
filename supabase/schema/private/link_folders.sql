-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.link_folders(link app.share_links)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  with recursive tree as (
    select d.id from app.folders d where d.id = link.folder_id and d.trashed_at is null
    union all
    select d.id from app.folders d join tree t on d.parent_id = t.id where d.trashed_at is null
  )
  select id from tree
$function$;
