-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.admin_logs_cursor(actor_id uuid DEFAULT NULL::uuid, action text DEFAULT NULL::text, target_type text DEFAULT NULL::text, target_id text DEFAULT NULL::text, since timestamp with time zone DEFAULT NULL::timestamp with time zone, until timestamp with time zone DEFAULT NULL::timestamp with time zone, ip text DEFAULT NULL::text, q text DEFAULT NULL::text, before text DEFAULT NULL::text)
 RETURNS refcursor
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  rows refcursor;
begin
  perform app.require_live_session();
  perform private.require_permission('logs.read');
  open rows for execute format(
    'select l.id, to_char(l.created_at at time zone ''UTC'', ''YYYY-MM-DD"T"HH24:MI:SS.US"Z"'') as created_at, '
    'l.actor_id, (select u.email::text from app.users u where u.id = l.actor_id) as actor_email, '
    'l.action, l.target_type, l.target_id, host(l.client_ip) as client_ip, l.user_agent, l.meta::text as meta '
    -- A lookup per row, not a join: a hash join would have to read everything before the first row.
    'from (%s) l order by l.created_at desc, l.id desc',
    private.activity_log_sql(
      private.activity_log_actions_matching(admin_logs_cursor.action),
      private.activity_log_conditions(admin_logs_cursor.actor_id, admin_logs_cursor.target_type, admin_logs_cursor.target_id,
        admin_logs_cursor.since, admin_logs_cursor.until, admin_logs_cursor.ip, admin_logs_cursor.q, admin_logs_cursor.before),
      null
    ));
  return rows;
end
$function$;
grant execute on function app.admin_logs_cursor(actor_id uuid, action text, target_type text, target_id text, since timestamp with time zone, until timestamp with time zone, ip text, q text, before text) to authenticated;
comment on function app.admin_logs_cursor(actor_id uuid, action text, target_type text, target_id text, since timestamp with time zone, until timestamp with time zone, ip text, q text, before text) is 'Needs logs.read. Opens a cursor over the log rows matching admin_logs'' filters, newest first, in the CSV columns; answers its name.';
