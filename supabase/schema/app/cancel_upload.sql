-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.cancel_upload(upload_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_user_id();
begin
  delete from app.uploads where id = upload_id and coalesce(uploader_id, owner_id) = uid and status = 'pending';
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$function$;
grant execute on function app.cancel_upload(upload_id uuid) to authenticated;
comment on function app.cancel_upload(upload_id uuid) is 'Cancels one of the caller''s pending uploads (an editor''s into a shared folder too); its reservation goes at once.';
