-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.purge_activity_log()
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  cutoff timestamptz := now() - make_interval(days => greatest(private.setting_int('activity_log.retention_days', 365), 1));
  n integer;
begin
  delete from app.activity_log l
  where l.id in (
    select o.id from app.activity_log o
    where o.created_at < cutoff
    order by o.created_at, o.id
    limit 50000
  );
  get diagnostics n = row_count;
  return n;
end
$function$;
grant execute on function private.purge_activity_log() to service_role;
comment on function private.purge_activity_log() is 'Deletes up to 50,000 activity rows older than activity_log.retention_days (365), oldest first; the one path past the append-only trigger.';
