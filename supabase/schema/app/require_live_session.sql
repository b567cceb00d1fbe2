-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.require_live_session()
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  if not app.session_is_live(app.jwt_claims()) then
    raise exception using errcode = 'PT401', message = 'Your session has ended. Sign in again.',
      hint = 'The link was made for a session that was logged out, revoked or disabled.';
  end if;
end
$function$;
grant execute on function app.require_live_session() to authenticated;
comment on function app.require_live_session() is 'PT401 unless the caller''s session is live and their account enabled.';
