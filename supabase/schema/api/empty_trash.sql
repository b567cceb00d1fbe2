-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.empty_trash()
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_permission('files.write');
  files_gone integer;
  folders_gone integer;
begin
  delete from app.files where owner_id = uid and trashed_at is not null;
  get diagnostics files_gone = row_count;
  delete from app.folders where owner_id = uid and trashed_at is not null;
  get diagnostics folders_gone = row_count;
  perform app.log_activity('trash.empty', uid, null, null, jsonb_build_object('files', files_gone, 'folders', folders_gone));
  return files_gone + folders_gone;
end
$function$;
grant execute on function api.empty_trash() to authenticated;
comment on function api.empty_trash() is 'Deletes everything in your trash for good.';
