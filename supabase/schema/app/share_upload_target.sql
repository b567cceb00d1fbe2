-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_upload_target(token text, access text, upload_id uuid, byte_count bigint DEFAULT NULL::bigint, kind text DEFAULT 'signed'::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.upload_link(token, access);
  upload app.uploads;
begin
  select * into upload from app.uploads u
  where u.id = upload_id and u.share_link_id = link.id and u.kind = coalesce(share_upload_target.kind, 'signed');
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
  if upload.status = 'completed' or upload.received_size is not null then
    raise exception using errcode = 'PT409', message = 'The bytes of this upload were already received.';
  end if;
  if upload.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'The upload expired: start it again.';
  end if;
  if byte_count > upload.size then
    raise exception using errcode = 'PT413', message = format('The upload is larger than the %s bytes it reserved.', upload.size);
  end if;
  return jsonb_build_object('object_key', upload.object_key, 'max_bytes', upload.size, 'name', upload.name,
    'mime_type', upload.mime_type);
end
$function$;
grant execute on function app.share_upload_target(token text, access text, upload_id uuid, byte_count bigint, kind text) to anon;
grant execute on function app.share_upload_target(token text, access text, upload_id uuid, byte_count bigint, kind text) to authenticated;
comment on function app.share_upload_target(token text, access text, upload_id uuid, byte_count bigint, kind text) is 'The object and byte limit of a pending upload of this kind (signed: a PUT; tus: PATCHes) through this link, else PT403/404/409/410/413.';
