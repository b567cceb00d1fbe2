-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.name_taken(owner uuid, parent uuid, candidate text, is_folder boolean)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select case when is_folder then
    exists (select from app.folders where owner_id = owner and parent_id is not distinct from parent
            and lower(name) = lower(candidate) and trashed_at is null)
  else
    exists (select from app.files where owner_id = owner and folder_id is not distinct from parent
            and lower(name) = lower(candidate) and trashed_at is null)
  end
$function$;
