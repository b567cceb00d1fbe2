-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.log_activity(action text, actor_id uuid DEFAULT NULL::uuid, target_type text DEFAULT NULL::text, target_id text DEFAULT NULL::text, meta jsonb DEFAULT '{}'::jsonb)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  insert into app.activity_log (actor_id, action, target_type, target_id, meta, client_ip, user_agent)
  values (
    coalesce(log_activity.actor_id, app.current_user_id()),
    log_activity.action,
    log_activity.target_type,
    log_activity.target_id,
    coalesce(log_activity.meta, '{}'),
    app.client_ip(),
    app.user_agent()
  )
$function$;
grant execute on function app.log_activity(action text, actor_id uuid, target_type text, target_id text, meta jsonb) to authenticated;
grant execute on function app.log_activity(action text, actor_id uuid, target_type text, target_id text, meta jsonb) to service_role;
comment on function app.log_activity(action text, actor_id uuid, target_type text, target_id text, meta jsonb) is 'Appends an event to the activity log (actor defaults to the caller).';
