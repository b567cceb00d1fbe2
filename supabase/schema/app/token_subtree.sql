-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.token_subtree()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select t from app.folder_subtree(app.token_folder()) t
  where app.token_folder() is not null
$function$;
grant execute on function app.token_subtree() to authenticated;
comment on function app.token_subtree() is 'The ids of the access token''s folder and all folders below it.';
