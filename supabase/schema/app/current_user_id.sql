-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.current_user_id()
 RETURNS uuid
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select nullif(app.jwt_claims() ->> 'sub', '')::uuid
$function$;
grant execute on function app.current_user_id() to anon;
grant execute on function app.current_user_id() to authenticated;
grant execute on function app.current_user_id() to service_role;
