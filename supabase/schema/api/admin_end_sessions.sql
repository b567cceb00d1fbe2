-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_end_sessions(user_id uuid DEFAULT NULL::uuid, session_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid;
  target uuid;
  ended integer;
begin
  perform app.require_live_session();
  me := private.require_permission('users.manage');
  target := private.existing_user(admin_end_sessions.user_id);
  perform private.check_can_manage(target);
  if session_id is not null and not exists (
    select from app.sessions s where s.id = admin_end_sessions.session_id and s.user_id = target and s.ended_at is null
  ) then
    raise exception using errcode = 'PT404', message = 'No such live session for this user';
  end if;
  ended := private.end_sessions(target, case when session_id is null then 'logout_all' else 'logout' end, session_id);
  perform app.log_activity('admin.sessions_ended', me, 'user', target::text,
    jsonb_build_object('ended', ended, 'session_id', session_id));
  return jsonb_build_object('ended', ended);
end
$function$;
grant execute on function api.admin_end_sessions(user_id uuid, session_id uuid) to authenticated;
comment on function api.admin_end_sessions(user_id uuid, session_id uuid) is 'Needs users.manage (a superadmin''s: superadmins only). Ends one live session of the user (session_id) or all of them at once: {ended}.';
