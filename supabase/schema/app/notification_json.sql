-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.notification_json(n app.notifications)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'id', n.id,
    'type', n.type,
    'category', t.category,
    'title', app.render_template(case when n.count > 1 and t.title_folded is not null then t.title_folded else t.title end,
      n.payload || jsonb_build_object('count', n.count)),
    'payload', n.payload,
    'count', n.count,
    'item_type', n.item_type,
    'item_id', n.item_id,
    'created_at', n.created_at,
    'updated_at', n.updated_at,
    'read_at', n.read_at,
    'cursor', n.seq
  )
  from app.notification_types t where t.type = n.type
$function$;
grant execute on function app.notification_json(n app.notifications) to authenticated;
grant execute on function app.notification_json(n app.notifications) to service_role;
