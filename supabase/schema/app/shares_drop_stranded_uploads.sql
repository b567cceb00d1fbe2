-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.shares_drop_stranded_uploads()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  delete from app.uploads u
  where u.uploader_id = old.recipient_id and u.owner_id = old.owner_id and u.status = 'pending'
    and (u.folder_id is null or u.folder_id not in (select app.editor_folders(old.recipient_id)));
  return null;
end
$function$;
comment on function app.shares_drop_stranded_uploads() is 'Trigger: when a share ends or changes, its recipient''s pending uploads into folders they no longer edit are deleted (reservation freed, bytes collected).';
