-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.pre_request()
 RETURNS void
 LANGUAGE plpgsql
 STABLE
AS $function$
begin
  if current_user <> 'authenticated' then
    return;
  end if;
  if not app.session_is_live(app.jwt_claims()) then
    raise exception using errcode = 'PT401', message = 'Your session has ended. Sign in again.',
      hint = 'The access token belongs to a session that was logged out, revoked or disabled.';
  end if;
  if app.jwt_claims() ? 'scopes' then
    perform app.check_token_request();
  end if;
end
$function$;
grant execute on function app.pre_request() to anon;
grant execute on function app.pre_request() to authenticated;
grant execute on function app.pre_request() to service_role;
comment on function app.pre_request() is 'db-pre-request: refuses tokens of ended sessions and disabled accounts, and access tokens outside the drive.';
