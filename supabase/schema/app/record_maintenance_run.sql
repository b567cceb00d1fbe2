-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.record_maintenance_run(expired_uploads integer, purged_from_trash integer, deleted_objects integer, orphans_found integer, orphans_collected integer, collection_paused boolean)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  delete from app.maintenance_runs where ran_at < now() - interval '30 days';
  insert into app.maintenance_runs (expired_uploads, purged_from_trash, deleted_objects, orphans_found, orphans_collected, collection_paused)
  values ($1, $2, $3, $4, $5, $6);
$function$;
grant execute on function app.record_maintenance_run(expired_uploads integer, purged_from_trash integer, deleted_objects integer, orphans_found integer, orphans_collected integer, collection_paused boolean) to service_role;
comment on function app.record_maintenance_run(expired_uploads integer, purged_from_trash integer, deleted_objects integer, orphans_found integer, orphans_collected integer, collection_paused boolean) is 'Service role only: records what one files housekeeping run did; runs older than 30 days are pruned.';
