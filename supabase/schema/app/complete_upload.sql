-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.complete_upload(upload_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_permission('files.write');
  upload app.uploads;
  owner uuid;
  target app.files;
  mime text;
  done jsonb;
begin
  select * into upload from app.uploads
  where id = upload_id and coalesce(uploader_id, owner_id) = uid for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
  if upload.status = 'completed' then
    return app.file_json(upload.file_id);
  end if;
  -- Locked: a revocation that commits after this point waits and finds the upload completed.
  perform app.callers_upload(upload.id);
  owner := upload.owner_id;
  if upload.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'The upload expired: start it again.';
  end if;
  if upload.received_size is null then
    raise exception using errcode = 'PT409', message = 'No bytes have arrived for this upload yet.';
  end if;
  if upload.size is not null and upload.received_size <> upload.size then
    raise exception using errcode = 'PT400',
      message = format('The upload is incomplete: %s of %s bytes arrived.', upload.received_size, upload.size);
  end if;
  if upload.sha256 is not null and upload.sha256 <> upload.received_sha256 then
    raise exception using errcode = 'PT400', message = 'The bytes do not match the SHA-256 checksum given at the start.';
  end if;
  mime := coalesce(upload.sniffed_mime, upload.mime_type);
  perform app.assert_allowed_type(upload.name, mime);
  perform app.assert_owner_fits(upload.received_size, app.lock_free_bytes(owner, upload.id), owner);
  if upload.folder_id is not null
     and exists (select from app.folders where id = upload.folder_id and trashed_at is not null) then
    raise exception using errcode = 'PT409', message = 'The folder was moved to the trash during the upload.';
  end if;

  select * into target from app.files
  where owner_id = owner and folder_id is not distinct from upload.folder_id
    and lower(name) = lower(upload.name) and trashed_at is null
  for update;
  if not found then
    insert into app.files (owner_id, folder_id, name, mime_type, size, sha256, description)
    values (owner, upload.folder_id, upload.name, mime, upload.received_size, upload.received_sha256, upload.description)
    on conflict (owner_id, (coalesce(folder_id, '00000000-0000-0000-0000-000000000000'::uuid)), (lower(name)))
      where trashed_at is null
    do nothing
    returning * into target;
    if target.id is null then
      -- A concurrent upload of the same name created it first: add a version to it.
      select * into target from app.files
      where owner_id = owner and folder_id is not distinct from upload.folder_id
        and lower(name) = lower(upload.name) and trashed_at is null
      for update;
    end if;
  elsif upload.description is not null then
    update app.files set description = upload.description where id = target.id;
  end if;

  perform app.add_version(target, upload.object_key, upload.received_size, upload.received_sha256, mime);
  update app.uploads set status = 'completed', completed_at = now(), file_id = target.id where id = upload.id;
  done := app.file_json(target.id);
  perform app.log_activity('file.upload', null, 'file', target.id::text,
    jsonb_build_object('name', done -> 'name', 'size', done -> 'size', 'version_id', done -> 'current_version_id')
      || case when owner <> uid then jsonb_build_object('owner_id', owner) else '{}' end);
  return done;
end
$function$;
grant execute on function app.complete_upload(upload_id uuid) to authenticated;
comment on function app.complete_upload(upload_id uuid) is 'Completes one of the caller''s uploads: a new file or a new version, the owner''s (an editor''s upload into a shared folder too, counted against the owner''s quota).';
