-- Signed grants end with their session.
--
-- A signed upload URL (1 hour) and a signed download URL (10 minutes) were
-- checked by their signature alone, so they kept working after the session
-- that asked for them was logged out, reset or disabled. Each grant now
-- carries the id of the session it was minted for; at use the files
-- function acts as that session's caller through the one caller path
-- (supabase/functions/_shared/caller.ts, whose pre-request refuses an ended
-- session) and asks SQL once: app.upload_target before the bytes of an
-- upload are stored, app.granted_download before the bytes of a version are
-- served. Each checks the session itself too, so a grant never outlives its
-- session, whatever db-pre-request is configured.

/* The pre-request's check, for the functions grants reach: the caller's session is live and the account enabled, else PT401. */
create function app.require_live_session()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not app.session_is_live(app.jwt_claims()) then
    raise exception using errcode = 'PT401', message = 'Your session has ended. Sign in again.',
      hint = 'The link was made for a session that was logged out, revoked or disabled.';
  end if;
end
$$;
comment on function app.require_live_session() is 'PT401 unless the caller''s session is live and their account enabled.';

/*
 * Where the bytes of a pending upload go, for its owner while their session
 * is live and they may write: its object, the most bytes it may take (its
 * reserved size), its name and declared type. Asked once before a byte is
 * stored (a signed PUT, store_file, a tus PATCH), with the length the
 * request declares; app.record_upload_bytes then records what arrived.
 */
create function app.upload_target(upload_id uuid, byte_count bigint default null, kind text default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
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
$$;
comment on function app.upload_target(uuid, bigint, text) is
  'The object, byte limit, name and type of a pending upload its owner may still send bytes to (session live, files.write), else PT401/403/404/409/410/413.';
grant execute on function app.upload_target(uuid, bigint, text) to authenticated;

/*
 * The version a signed download URL names, while the session it was made
 * for is live and its user still owns the file (in the trash too, as when
 * the URL was made); PT404 once the file or version is gone.
 */
create function app.granted_download(file_id uuid, version_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found jsonb;
begin
  perform app.require_live_session();
  found := app.version_for_download(granted_download.file_id, granted_download.version_id);
  if found is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return found;
end
$$;
comment on function app.granted_download(uuid, uuid) is
  'The version a signed download URL serves, while its session is live and its user owns the file, else PT401/PT404.';
grant execute on function app.granted_download(uuid, uuid) to authenticated;
