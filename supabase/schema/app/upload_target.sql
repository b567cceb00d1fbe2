-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.upload_target(upload_id uuid, byte_count bigint DEFAULT NULL::bigint, kind text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  upload app.uploads;
begin
  perform app.require_live_session();
  perform app.require_permission('files.write');
  upload := app.callers_upload(upload_target.upload_id);
  if upload_target.kind is not null and upload.kind <> upload_target.kind then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
  if upload.status = 'completed' then
    raise exception using errcode = 'PT409', message = 'This upload is already complete.';
  end if;
  if upload.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'The upload expired: start it again.';
  end if;
  if upload.received_size is not null then
    raise exception using errcode = 'PT409', message = 'The bytes of this upload were already received.';
  end if;
  if upload_target.byte_count > upload.size then
    raise exception using errcode = 'PT413',
      message = format('The upload is larger than the %s bytes it reserved.', upload.size);
  end if;
  return jsonb_build_object(
    'object_key', upload.object_key,
    'max_bytes', upload.size,
    'name', upload.name,
    'mime_type', upload.mime_type
  );
end
$function$;
grant execute on function app.upload_target(upload_id uuid, byte_count bigint, kind text) to authenticated;
comment on function app.upload_target(upload_id uuid, byte_count bigint, kind text) is 'The object, byte limit, name and type of a pending upload the caller may still send bytes to (session live, files.write, theirs, and for an editor the share still reaching the folder), else PT401/403/404/409/410/413.';
