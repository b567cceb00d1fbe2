/*
 * Resumable (tus) uploads through edit and file_drop links, the same flow as
 * the owner's /files/tus: an upload through a link now has a kind, `signed`
 * (the PUT of /share/<token>/uploads) or `tus` (/share/<token>/tus), with
 * the tus reservation's longer life (files.tus_ttl_seconds), and each kind's
 * bytes come only through its own route. Everything else is as in
 * 20261202200200_share_link_uploads: every step starts from the link, so a
 * revoked or expired link stops the upload at its next PATCH.
 */

drop function app.begin_share_upload(text, text, text, bigint, text, uuid, text);
create function app.begin_share_upload(
  token text,
  access text,
  name text,
  size bigint,
  mime_type text default null,
  folder_id uuid default null,
  uploader_name text default null,
  kind text default 'signed'
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
grant execute on function app.begin_share_upload(text, text, text, bigint, text, uuid, text, text) to anon, authenticated;
comment on function app.begin_share_upload(text, text, text, bigint, text, uuid, text, text) is
  'Starts an upload through an edit or file_drop link (kind signed or tus), checked as the owner''s own uploads are and reserved against the owner''s quota.';

drop function app.share_upload_target(text, text, uuid, bigint);
create function app.share_upload_target(token text, access text, upload_id uuid, byte_count bigint default null, kind text default 'signed')
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
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
$$;
grant execute on function app.share_upload_target(text, text, uuid, bigint, text) to anon, authenticated;
comment on function app.share_upload_target(text, text, uuid, bigint, text) is
  'The object and byte limit of a pending upload of this kind (signed: a PUT; tus: PATCHes) through this link, else PT403/404/409/410/413.';
