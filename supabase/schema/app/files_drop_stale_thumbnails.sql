-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.files_drop_stale_thumbnails()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  delete from app.thumbnails t
  where t.file_id = new.id
    and (new.trashed_at is not null or t.version_id is distinct from new.current_version_id);
  return null;
end
$function$;
