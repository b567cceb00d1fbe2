-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.logout()
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := app.current_user_id();
  session_id uuid := nullif(app.jwt_claims() ->> 'session_id', '')::uuid;
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  perform private.end_sessions(me, 'logout', only_session => session_id);
  perform app.log_activity('auth.logout', me, 'session', session_id::text);
end
$function$;
grant execute on function api.logout() to authenticated;
comment on function api.logout() is 'Ends the current session: its access and refresh tokens stop working at once.';
