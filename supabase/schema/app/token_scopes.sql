-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.token_scopes()
 RETURNS text[]
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select case when app.jwt_claims() ? 'scopes'
    then array(select jsonb_array_elements_text(app.jwt_claims() -> 'scopes')) end
$function$;
grant execute on function app.token_scopes() to anon;
grant execute on function app.token_scopes() to authenticated;
grant execute on function app.token_scopes() to service_role;
comment on function app.token_scopes() is 'The scopes of the access token the request acts for, or null for a password session.';
