-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.my_sessions with (security_invoker=true) as
 SELECT s.id,
    s.created_at,
    s.refreshed_at,
    s.ended_at,
    s.end_reason,
    s.client_ip,
    s.user_agent,
    (s.id = (NULLIF((app.jwt_claims() ->> 'session_id'::text), ''::text))::uuid) AS current,
    app.device_label(s.user_agent) AS device
   FROM app.sessions s
  WHERE (s.user_id = ( SELECT app.current_user_id() AS current_user_id))
  ORDER BY s.created_at DESC;

grant select on table api.my_sessions to authenticated;

comment on view api.my_sessions is 'The signed-in user''s sessions, newest first; `current` marks this one, `device` names its browser and system.';
