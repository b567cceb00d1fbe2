-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.record_upload_bytes(upload_id uuid, size bigint, sha256 text, sniffed_mime text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
begin
  perform 1 from app.uploads u where u.id = record_upload_bytes.upload_id for update;
  perform app.callers_upload(record_upload_bytes.upload_id);
  update app.uploads
  set received_size = record_upload_bytes.size,
      received_sha256 = lower(record_upload_bytes.sha256),
      sniffed_mime = app.normalize_mime(record_upload_bytes.sniffed_mime)
  where id = upload_id and coalesce(uploader_id, owner_id) = uid and status = 'pending';
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$function$;
grant execute on function app.record_upload_bytes(upload_id uuid, size bigint, sha256 text, sniffed_mime text) to authenticated;
