-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.token_tag_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select distinct ft.tag_id
  from app.file_tags ft
  join app.files f on f.id = ft.file_id
  where app.token_folder() is not null
    and f.owner_id = app.current_user_id()
    and f.folder_id in (select app.token_subtree())
$function$;
grant execute on function app.token_tag_ids() to authenticated;
comment on function app.token_tag_ids() is 'The ids of the caller''s tags that are on files inside the access token''s folder.';
