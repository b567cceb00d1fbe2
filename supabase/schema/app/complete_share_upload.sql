-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.complete_share_upload(token text, access text, upload_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.upload_link(token, access);
  upload app.uploads;
  target app.files;
  mime text;
  final_name text;
  folder_name text;
begin
  select * into upload from app.uploads u where u.id = upload_id and u.share_link_id = link.id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
  if upload.status = 'completed' then
    raise exception using errcode = 'PT409', message = 'This upload is already complete.';
  end if;
  if upload.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'The upload expired: start it again.';
  end if;
  if upload.received_size is null or upload.received_size <> upload.size then
    raise exception using errcode = 'PT409', message = 'The bytes of this upload have not all arrived.';
  end if;
  mime := coalesce(upload.sniffed_mime, upload.mime_type);
  perform app.assert_allowed_type(upload.name, mime);
  if upload.received_size > app.lock_free_bytes(upload.owner_id, upload.id) then
    raise exception using errcode = 'PT413', message = 'There is not enough space in this folder for the file.';
  end if;
  if upload.folder_id not in (select private.link_folders(link)) then
    raise exception using errcode = 'PT409', message = 'The folder was moved to the trash during the upload.';
  end if;

  final_name := upload.name;
  if link.type = 'edit' then
    select * into target from app.files f
    where f.owner_id = upload.owner_id and f.folder_id = upload.folder_id and lower(f.name) = lower(upload.name)
      and f.trashed_at is null
    for update;
  else
    -- Serialise drops into this folder so two uploads of one name get two names.
    perform 1 from app.folders d where d.id = upload.folder_id for update;
    final_name := app.free_name(upload.owner_id, upload.folder_id, upload.name, false);
  end if;
  if target.id is null then
    insert into app.files (owner_id, folder_id, name, mime_type, size, sha256)
    values (upload.owner_id, upload.folder_id, final_name, mime, upload.received_size, upload.received_sha256)
    returning * into target;
  end if;
  perform app.add_version(target, upload.object_key, upload.received_size, upload.received_sha256, mime);
  update app.uploads u set status = 'completed', completed_at = now(), file_id = target.id where u.id = upload.id;
  update app.share_links l set last_used_at = now() where l.id = link.id;

  select d.name into folder_name from app.folders d where d.id = upload.folder_id;
  perform app.log_activity('share_link.upload', null, 'share_link', link.id::text, jsonb_build_object(
    'owner_id', link.owner_id, 'file_id', target.id, 'name', final_name, 'size', upload.received_size,
    'uploader_name', upload.uploader_name, 'type', link.type));
  perform app.notify(link.owner_id, 'share_link_upload', jsonb_build_object(
    'uploader', coalesce(upload.uploader_name, 'Someone'), 'name', final_name, 'folder', folder_name,
    'size_pretty', pg_catalog.pg_size_pretty(upload.received_size)), 'folder', upload.folder_id);
  return jsonb_build_object('name', final_name, 'size', upload.received_size)
    || case when link.type = 'edit' then jsonb_build_object('id', target.id, 'folder_id', target.folder_id) else '{}' end;
end
$function$;
grant execute on function app.complete_share_upload(token text, access text, upload_id uuid) to anon;
grant execute on function app.complete_share_upload(token text, access text, upload_id uuid) to authenticated;
comment on function app.complete_share_upload(token text, access text, upload_id uuid) is 'Completes an upload through an edit or file_drop link (a file drop never overwrites) and tells the owner; answers a receipt {name, size}.';
