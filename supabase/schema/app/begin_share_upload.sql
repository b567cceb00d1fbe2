-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.begin_share_upload(token text, access text, name text, size bigint, mime_type text DEFAULT NULL::text, folder_id uuid DEFAULT NULL::uuid, uploader_name text DEFAULT NULL::text, kind text DEFAULT 'signed'::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.upload_link(token, access);
  target uuid := coalesce(folder_id, link.folder_id);
  mime text := app.normalize_mime(mime_type);
  file_name text;
  max_size bigint := app.files_setting('files.max_file_size');
  upload app.uploads;
  uploader text := private.share_link_text(uploader_name, 'A name', 100);
begin
  if kind is null or kind not in ('signed', 'tus') then
    raise exception using errcode = 'PT400', message = 'Unknown upload kind.';
  end if;
  if link.type = 'file_drop' and target <> link.folder_id then
    raise exception using errcode = 'PT403', message = 'A file drop takes uploads into its own folder only.';
  end if;
  if target not in (select private.link_folders(link)) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  if size is null or size < 0 then
    raise exception using errcode = 'PT400', message = 'The size of the file is required.';
  end if;
  if size > max_size then
    raise exception using errcode = 'PT413',
      message = format('The file is too large: the limit is %s.', pg_catalog.pg_size_pretty(max_size));
  end if;
  file_name := app.check_name(name);
  perform app.assert_allowed_type(file_name, mime);
  if size > app.lock_free_bytes(link.owner_id) then
    raise exception using errcode = 'PT413', message = 'There is not enough space in this folder for the file.';
  end if;
  insert into app.uploads (owner_id, folder_id, name, size, mime_type, object_key, kind, expires_at, share_link_id, uploader_name)
  values (link.owner_id, target, file_name, size, mime, gen_random_uuid()::text, kind,
    now() + make_interval(secs => app.files_setting(
      case when kind = 'tus' then 'files.tus_ttl_seconds' else 'files.upload_ttl_seconds' end)),
    link.id, uploader)
  returning * into upload;
  return jsonb_build_object('id', upload.id, 'object_key', upload.object_key, 'name', upload.name,
    'size', upload.size, 'mime_type', upload.mime_type, 'expires_at', upload.expires_at, 'max_bytes', upload.size);
end
$function$;
grant execute on function app.begin_share_upload(token text, access text, name text, size bigint, mime_type text, folder_id uuid, uploader_name text, kind text) to anon;
grant execute on function app.begin_share_upload(token text, access text, name text, size bigint, mime_type text, folder_id uuid, uploader_name text, kind text) to authenticated;
comment on function app.begin_share_upload(token text, access text, name text, size bigint, mime_type text, folder_id uuid, uploader_name text, kind text) is 'Starts an upload through an edit or file_drop link (kind signed or tus), checked as the owner''s own uploads are and reserved against the owner''s quota.';
