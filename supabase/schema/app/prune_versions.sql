-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.prune_versions(target_file uuid)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  delete from app.file_versions v
  where v.file_id = target_file
    and v.id <> (select current_version_id from app.files where id = target_file)
    and v.id not in (
      select id from app.file_versions where file_id = target_file
      order by version desc limit greatest(app.files_setting('files.max_versions'), 1)
    )
$function$;
