-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.logout_all()
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := app.current_user_id();
  ended integer;
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  ended := private.end_sessions(me, 'logout_all');
  perform app.log_activity('auth.logout_all', me, 'user', me::text, jsonb_build_object('sessions', ended));
  perform app.notify(me, 'sessions_ended', jsonb_build_object('sessions', ended));
end
$function$;
grant execute on function api.logout_all() to authenticated;
comment on function api.logout_all() is 'Ends every session of the signed-in user, on every device, and leaves a notification saying so.';
