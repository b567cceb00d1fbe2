/*
 * Signing out one device: the sessions list names each session's device, and
 * ends any one of them.
 *
 * Settings lists api.my_sessions (newest first, `current` marking this one)
 * with a "Sign out" per row. The device is named by the same rule the
 * new-sign-in notice uses (private.device_name: "Chrome on Linux"), read
 * through app.device_label because the view runs as its caller and the
 * private schema is granted to no one. api.end_session ends one of the
 * caller's live sessions the way api.logout ends the current one: its access
 * and refresh tokens stop working at once.
 */
create function app.device_label(user_agent text)
returns text
language sql
immutable
security definer
set search_path = ''
as $$ select private.device_name(user_agent) $$;
revoke all on function app.device_label(text) from public, anon;
grant execute on function app.device_label(text) to authenticated;
comment on function app.device_label(text) is 'The device a user agent names ("Chrome on Linux"), for the sessions list.';

create or replace view api.my_sessions with (security_invoker = true) as
  select s.id,
         s.created_at,
         s.refreshed_at,
         s.ended_at,
         s.end_reason,
         s.client_ip,
         s.user_agent,
         s.id = nullif(app.jwt_claims() ->> 'session_id', '')::uuid as current,
         app.device_label(s.user_agent) as device
  from app.sessions s
  where s.user_id = (select app.current_user_id())
  order by s.created_at desc;
comment on view api.my_sessions is 'The signed-in user''s sessions, newest first; `current` marks this one, `device` names its browser and system.';

create function api.end_session(session_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
revoke all on function api.end_session(uuid) from public, anon;
grant execute on function api.end_session(uuid) to authenticated;
comment on function api.end_session(uuid) is 'Signs out one of your sessions (a device you no longer use): its access and refresh tokens stop working at once.';
