-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.end_session(session_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := app.current_user_id();
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  if not exists (select from app.sessions s where s.id = end_session.session_id and s.user_id = me and s.ended_at is null) then
    raise exception using errcode = 'PT404', message = 'No such session: it may have ended already.';
  end if;
  perform private.end_sessions(me, 'logout', only_session => end_session.session_id);
  perform app.log_activity('auth.logout', me, 'session', end_session.session_id::text);
end
$function$;
grant execute on function api.end_session(session_id uuid) to authenticated;
comment on function api.end_session(session_id uuid) is 'Signs out one of your sessions (a device you no longer use): its access and refresh tokens stop working at once.';
