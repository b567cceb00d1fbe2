-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.require_password_session()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_user_id();
begin
  if app.jwt_claims() ? 'scopes' then
    raise exception using errcode = '42501',
      message = 'An access token cannot manage access tokens: sign in with your password.';
  end if;
  return uid;
end
$function$;
grant execute on function app.require_password_session() to authenticated;
comment on function app.require_password_session() is 'The caller''s id when signed in with a password session (not an access token), else 401/403.';
