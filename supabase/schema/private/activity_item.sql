-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.activity_item(l app.activity_log)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'id', l.id,
    'created_at', l.created_at,
    'actor_id', l.actor_id,
    'actor_email', (select u.email from app.users u where u.id = l.actor_id),
    'action', l.action,
    'target_type', l.target_type,
    'target_id', l.target_id,
    'meta', l.meta,
    'client_ip', host(l.client_ip),
    'user_agent', l.user_agent
  )
$function$;
