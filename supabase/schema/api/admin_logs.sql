-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_logs(actor_id uuid DEFAULT NULL::uuid, action text DEFAULT NULL::text, target_type text DEFAULT NULL::text, target_id text DEFAULT NULL::text, since timestamp with time zone DEFAULT NULL::timestamp with time zone, until timestamp with time zone DEFAULT NULL::timestamp with time zone, ip text DEFAULT NULL::text, q text DEFAULT NULL::text, before text DEFAULT NULL::text, "limit" integer DEFAULT NULL::integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  page_size integer;
  found_rows app.activity_log[];
  items jsonb;
  last_row app.activity_log;
begin
  perform app.require_live_session();
  perform private.require_permission('logs.read');
  page_size := private.page_limit(admin_logs."limit");
  execute format('select array(select x::app.activity_log from (%s) x)', private.activity_log_sql(
    private.activity_log_actions_matching(admin_logs.action),
    private.activity_log_conditions(admin_logs.actor_id, admin_logs.target_type, admin_logs.target_id,
      admin_logs.since, admin_logs.until, admin_logs.ip, admin_logs.q, admin_logs.before),
    page_size + 1
  )) into found_rows;
  select coalesce(jsonb_agg(private.activity_item(found_rows[n]) order by n), '[]') into items
  from generate_series(1, least(cardinality(found_rows), page_size)) n;
  if cardinality(found_rows) > page_size then
    last_row := found_rows[page_size];
    return jsonb_build_object('items', items, 'next', private.keyset_cursor(last_row.created_at, last_row.id::text));
  end if;
  return jsonb_build_object('items', items, 'next', null);
end
$function$;
grant execute on function api.admin_logs(actor_id uuid, action text, target_type text, target_id text, since timestamp with time zone, until timestamp with time zone, ip text, q text, before text, "limit" integer) to authenticated;
comment on function api.admin_logs(actor_id uuid, action text, target_type text, target_id text, since timestamp with time zone, until timestamp with time zone, ip text, q text, before text, "limit" integer) is 'Needs logs.read. The activity log newest first: actor_id, action (exact, or a prefix ending in *: share.*), target_type, target_id, since (inclusive), until (exclusive), ip (address or network), q (free text in meta); keyset pages of `limit` (50, at most 200): {items: [{id, created_at, actor_id, actor_email, action, target_type, target_id, meta, client_ip, user_agent}], next}. Pass next back as before.';
