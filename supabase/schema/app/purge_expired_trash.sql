-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.purge_expired_trash()
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  cutoff timestamptz := now() - make_interval(days => app.files_setting('files.trash_retention_days')::integer);
  files_gone integer;
  folders_gone integer;
begin
  delete from app.files where trashed_at < cutoff;
  get diagnostics files_gone = row_count;
  delete from app.folders where trashed_at < cutoff;
  get diagnostics folders_gone = row_count;
  return files_gone + folders_gone;
end
$function$;
grant execute on function app.purge_expired_trash() to service_role;
