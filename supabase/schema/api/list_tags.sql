-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.list_tags()
 RETURNS TABLE(id uuid, name text, file_count bigint, created_at timestamp with time zone)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select t.id, t.name,
         (select count(*) from app.file_tags ft join app.files f on f.id = ft.file_id
           where ft.tag_id = t.id and f.trashed_at is null),
         t.created_at
  from app.tags t
  where t.owner_id = app.require_user_id()
  order by t.name
$function$;
grant execute on function api.list_tags() to authenticated;
comment on function api.list_tags() is 'Your tags with the number of files (not in the trash) carrying each, by name: the sidebar list and the tag editor''s autocomplete.';
