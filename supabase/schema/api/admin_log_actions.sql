-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_log_actions()
 RETURNS text[]
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  perform app.require_live_session();
  perform private.require_permission('logs.read');
  return array(select a from private.activity_actions() a order by a);
end
$function$;
grant execute on function api.admin_log_actions() to authenticated;
comment on function api.admin_log_actions() is 'Needs logs.read. Every action the log holds, sorted (the options of the action filter).';
