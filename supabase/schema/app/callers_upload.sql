-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.callers_upload(upload_id uuid)
 RETURNS app.uploads
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  upload app.uploads;
begin
  select * into upload from app.uploads u
  where u.id = callers_upload.upload_id and coalesce(u.uploader_id, u.owner_id) = app.current_user_id();
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
  if upload.uploader_id is not null and upload.status = 'pending'
     and (upload.folder_id is null or upload.folder_id not in (select app.shared_folders(true))) then
    raise exception using errcode = 'PT403', message = 'This folder is no longer shared with you for editing.';
  end if;
  return upload;
end
$function$;
comment on function app.callers_upload(upload_id uuid) is 'The caller''s upload (theirs, or theirs into a folder they still edit through a share); PT404, or PT403 once the share no longer lets them.';
