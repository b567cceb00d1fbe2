-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.settle_upload(upload_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
begin
  perform 1 from app.uploads u where u.id = settle_upload.upload_id for update;
  perform app.callers_upload(settle_upload.upload_id);
  update app.uploads u set size = u.received_size
  where u.id = settle_upload.upload_id and coalesce(u.uploader_id, u.owner_id) = uid
    and u.status = 'pending' and u.received_size is not null and u.received_size <= u.size;
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$function$;
grant execute on function app.settle_upload(upload_id uuid) to authenticated;
comment on function app.settle_upload(upload_id uuid) is 'Gives back the part of a pending upload''s reservation its bytes did not use.';
