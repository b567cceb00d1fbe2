-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.token_folder()
 RETURNS uuid
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select nullif(app.jwt_claims() ->> 'folder_id', '')::uuid
$function$;
grant execute on function app.token_folder() to anon;
grant execute on function app.token_folder() to authenticated;
grant execute on function app.token_folder() to service_role;
comment on function app.token_folder() is 'The folder the request''s access token is limited to, or null.';
