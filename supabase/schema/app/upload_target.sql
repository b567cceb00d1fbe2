-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.upload_target(upload_id uuid, byte_count bigint DEFAULT NULL::bigint, kind text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid;
  upload app.uploads;
begin
  perform app.require_live_session();
  uid := app.require_permission('files.write');
  select * into upload from app.uploads u
  where u.id = upload_target.upload_id and u.owner_id = uid
    and (upload_target.kind is null or u.kind = upload_target.kind);
  if not found then
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
comment on function app.upload_target(upload_id uuid, byte_count bigint, kind text) is 'The object, byte limit, name and type of a pending upload its owner may still send bytes to (session live, files.write), else PT401/403/404/409/410/413.';
