-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.record_share_upload_bytes(token text, access text, upload_id uuid, size bigint, sha256 text, sniffed_mime text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.upload_link(token, access);
begin
  update app.uploads u
  set received_size = size, received_sha256 = lower(sha256), sniffed_mime = app.normalize_mime(sniffed_mime)
  where u.id = upload_id and u.share_link_id = link.id and u.status = 'pending' and u.received_size is null;
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$function$;
grant execute on function app.record_share_upload_bytes(token text, access text, upload_id uuid, size bigint, sha256 text, sniffed_mime text) to anon;
grant execute on function app.record_share_upload_bytes(token text, access text, upload_id uuid, size bigint, sha256 text, sniffed_mime text) to authenticated;
