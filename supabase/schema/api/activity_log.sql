-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.activity_log with (security_invoker=true) as
 SELECT l.id,
    l.actor_id,
    l.action,
    l.target_type,
    l.target_id,
    l.meta,
    l.client_ip,
    l.user_agent,
    l.created_at
   FROM app.activity_log l;

grant select on table api.activity_log to authenticated;

comment on view api.activity_log is 'Auth and admin events: your own, or everyone''s with logs.read. Append-only.';
