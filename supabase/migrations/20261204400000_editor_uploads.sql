/*
 * Editors upload into folders shared with them through the owner's own
 * upload flows (signed PUT, tus and WebDAV PUT all begin in
 * app.begin_upload), and what they upload is the owner's: the file, its
 * versions, and the bytes, counted against the owner's quota and reserved
 * against it while in flight, as an upload through an edit link is.
 *
 * An upload row's owner_id says whose drive and quota it fills; the new
 * uploader_id names the editor who sends its bytes (null when owners upload
 * into their own drive, and for visitors of a link, whose share_link_id
 * says). Every later step (the bytes, settling, completing, cancelling)
 * belongs to the one who sends the bytes, and for an editor checks again
 * that an editor share still reaches the folder: a share that expired or
 * was turned to viewer stops an upload in flight at its next step.
 *
 * Revoking cuts at once, uploads in flight included: when a share is
 * revoked or changed, or a link revoked, the pending uploads it no longer
 * allows are deleted in the same transaction, so their reservations leave
 * the owner's quota and their bytes go to the garbage queue
 * (uploads_collect_object); the bytes, PATCH or completion that follow
 * find no upload (404).
 */

alter table app.uploads add column uploader_id uuid references app.users (id) on delete cascade;
comment on column app.uploads.uploader_id is
  'The editor who uploads into a folder of owner_id shared with them; null when the owner uploads (or a visitor, through share_link_id).';
create index uploads_uploader_pending on app.uploads (uploader_id) where status = 'pending' and uploader_id is not null;

-- One permissive read policy per table and role: owners see what fills their drive, editors what they send.
drop policy "owners read their uploads" on app.uploads;
create policy "owners, and editors uploading into their folders, read uploads" on app.uploads
  for select to authenticated
  using (owner_id = (select app.current_user_id()) or uploader_id = (select app.current_user_id()));

/* app.shared_folders(true) for a given person: what their editor shares reach now. For triggers and definer functions only. */
create or replace function app.editor_folders(person uuid)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  with recursive tree as (
    select d.id
    from app.shares s
    join app.folders d on d.id = s.folder_id
    where s.recipient_id = person
      and s.folder_id is not null
      and s.role = 'editor'
      and (s.expires_at is null or s.expires_at > now())
      and d.trashed_at is null
    union
    select d.id
    from app.folders d
    join tree t on d.parent_id = t.id
    where d.trashed_at is null
  )
  select id from tree
$$;
comment on function app.editor_folders(uuid) is
  'The folders a person reaches through active editor shares (each shared folder and every untrashed folder under it).';

/* PT413 unless `needed` bytes fit in what `owner` has free; an editor is told it is the owner's storage. */
create or replace function app.assert_owner_fits(needed bigint, free bigint, owner uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if owner = app.current_user_id() then
    perform app.assert_fits(needed, free, owner);
  elsif needed > free then
    raise exception using errcode = 'PT413',
      message = format('Not enough storage in this shared folder: this needs %s but only %s of its owner''s %s is free.',
                       pg_catalog.pg_size_pretty(needed), pg_catalog.pg_size_pretty(greatest(free, 0)),
                       pg_catalog.pg_size_pretty(app.storage_quota(owner))),
      hint = 'Uploads into a shared folder count against its owner''s storage: ask the owner to make room.';
  end if;
end
$$;
comment on function app.assert_owner_fits(bigint, bigint, uuid) is
  'PT413 unless the bytes fit in the owner''s free storage; the message tells an editor it is the owner''s.';

/*
 * The upload the caller sends the bytes of: their own, or one of theirs into
 * a shared folder while an editor share still reaches it (PT403 once it
 * does not); PT404 for anything else. Not locked (upload_target is stable);
 * the writing functions lock the row and ask again.
 */
create or replace function app.callers_upload(upload_id uuid)
returns app.uploads
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  upload app.uploads;
begin
  select * into upload from app.uploads u
  where u.id = callers_upload.upload_id and coalesce(u.uploader_id, u.owner_id) = app.current_user_id();
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
  if upload.uploader_id is not null and upload.status = 'pending'
     and (upload.folder_id is null or upload.folder_id not in (select app.shared_folders(true))) then
    raise exception using errcode = 'PT403', message = 'This folder is no longer shared with you for editing.';
  end if;
  return upload;
end
$$;
comment on function app.callers_upload(uuid) is
  'The caller''s upload (theirs, or theirs into a folder they still edit through a share); PT404, or PT403 once the share no longer lets them.';

create or replace function app.begin_upload(
  name text,
  size bigint,
  mime_type text default null,
  folder_id uuid default null,
  path text default null,
  sha256 text default null,
  description text default null,
  tags text[] default null,
  kind text default 'signed'
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  owner uuid := uid;
  parts text[];
  file_name text;
  target uuid := begin_upload.folder_id;
  mime text := app.normalize_mime(begin_upload.mime_type);
  max_size bigint := app.files_setting('files.max_file_size');
  free bigint;
  upload app.uploads;
  segment text;
begin
  if begin_upload.kind is null or begin_upload.kind not in ('signed', 'tus', 'direct') then
    raise exception using errcode = 'PT400', message = 'Unknown upload kind.';
  end if;
  if begin_upload.size is null then
    raise exception using errcode = 'PT400', message = 'The size of the file is required.';
  end if;
  if begin_upload.size < 0 then
    raise exception using errcode = 'PT400', message = 'The size cannot be negative.';
  end if;
  if begin_upload.size > max_size then
    raise exception using errcode = 'PT413',
      message = format('The file is too large: the limit is %s.', pg_catalog.pg_size_pretty(max_size));
  end if;
  if begin_upload.sha256 is not null and lower(begin_upload.sha256) !~ '^[0-9a-f]{64}$' then
    raise exception using errcode = 'PT400', message = 'sha256 must be 64 hexadecimal characters.';
  end if;
  if cardinality(begin_upload.tags) > 50 then
    raise exception using errcode = 'PT400', message = 'A file can have at most 50 tags.';
  end if;
  if char_length(begin_upload.description) > 10000 then
    raise exception using errcode = 'PT400', message = 'The description can be at most 10000 characters long.';
  end if;

  -- Into a folder of someone else's: only through an editor share, and it is theirs.
  if target is not null then
    select d.owner_id into owner from app.folders d where d.id = target;
    owner := coalesce(owner, uid);
  end if;
  if owner = uid then
    perform app.assert_folder_usable(target);
  else
    perform app.assert_destination(owner, target);
    if not private.user_holds_permission(owner, 'files.write') then
      raise exception using errcode = 'PT403', message = 'This folder does not take uploads now.';
    end if;
  end if;
  if begin_upload.path is not null then
    parts := app.split_path(begin_upload.path);
    if begin_upload.name is null then
      file_name := parts[cardinality(parts)];
      parts := parts[1:cardinality(parts) - 1];
    else
      file_name := app.check_name(begin_upload.name);
    end if;
    foreach segment in array parts loop
      target := app.ensure_folder(owner, target, segment);
    end loop;
  else
    file_name := app.check_name(begin_upload.name);
  end if;
  perform app.assert_allowed_type(file_name, mime);

  free := app.lock_free_bytes(owner);
  perform app.assert_owner_fits(begin_upload.size, free, owner);

  insert into app.uploads (owner_id, uploader_id, folder_id, name, size, mime_type, sha256, description, tags, object_key, kind, expires_at)
  values (
    owner, case when owner <> uid then uid end, target, file_name, begin_upload.size, mime, lower(begin_upload.sha256),
    begin_upload.description, coalesce(begin_upload.tags, '{}'), gen_random_uuid()::text, begin_upload.kind,
    now() + make_interval(secs => app.files_setting(
      case when begin_upload.kind = 'tus' then 'files.tus_ttl_seconds' else 'files.upload_ttl_seconds' end))
  )
  returning * into upload;

  return jsonb_build_object(
    'id', upload.id,
    'object_key', upload.object_key,
    'name', upload.name,
    'folder_id', upload.folder_id,
    'size', upload.size,
    'mime_type', upload.mime_type,
    'expires_at', upload.expires_at,
    'max_bytes', upload.size
  );
end
$$;
comment on function app.begin_upload(text, bigint, text, uuid, text, text, text, text[], text) is
  'Starts an upload into your drive, or into a folder shared with you as editor (then the file and the reserved bytes are the owner''s); answers where it goes.';

create or replace function app.upload_target(upload_id uuid, byte_count bigint default null, kind text default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
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
$$;
comment on function app.upload_target(uuid, bigint, text) is
  'The object, byte limit, name and type of a pending upload the caller may still send bytes to (session live, files.write, theirs, and for an editor the share still reaching the folder), else PT401/403/404/409/410/413.';

create or replace function app.record_upload_bytes(upload_id uuid, size bigint, sha256 text, sniffed_mime text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
$$;

create or replace function app.settle_upload(upload_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
comment on function app.settle_upload(uuid) is 'Gives back the part of a pending upload''s reservation its bytes did not use.';

create or replace function app.cancel_upload(upload_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
begin
  delete from app.uploads where id = upload_id and coalesce(uploader_id, owner_id) = uid and status = 'pending';
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$$;
comment on function app.cancel_upload(uuid) is 'Cancels one of the caller''s pending uploads (an editor''s into a shared folder too); its reservation goes at once.';

create or replace function app.complete_upload(upload_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
comment on function app.complete_upload(uuid) is
  'Completes one of the caller''s uploads: a new file or a new version, the owner''s (an editor''s upload into a shared folder too, counted against the owner''s quota).';

/* A revoked or changed share drops the pending uploads it no longer allows, with their reservations. */
create or replace function app.shares_drop_stranded_uploads()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from app.uploads u
  where u.uploader_id = old.recipient_id and u.owner_id = old.owner_id and u.status = 'pending'
    and (u.folder_id is null or u.folder_id not in (select app.editor_folders(old.recipient_id)));
  return null;
end
$$;
comment on function app.shares_drop_stranded_uploads() is
  'Trigger: when a share ends or changes, its recipient''s pending uploads into folders they no longer edit are deleted (reservation freed, bytes collected).';
create trigger shares_drop_stranded_uploads after delete or update of role, expires_at on app.shares
  for each row execute function app.shares_drop_stranded_uploads();

/* A revoked link drops its pending uploads, with their reservations. */
create or replace function app.share_links_drop_pending_uploads()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from app.uploads u where u.share_link_id = new.id and u.status = 'pending';
  return null;
end
$$;
comment on function app.share_links_drop_pending_uploads() is
  'Trigger: a revoked link''s pending uploads are deleted (reservation freed, bytes collected).';
create trigger share_links_drop_pending_uploads after update of revoked_at on app.share_links
  for each row when (new.revoked_at is not null and old.revoked_at is null)
  execute function app.share_links_drop_pending_uploads();
