-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.begin_upload(name text, size bigint, mime_type text DEFAULT NULL::text, folder_id uuid DEFAULT NULL::uuid, path text DEFAULT NULL::text, sha256 text DEFAULT NULL::text, description text DEFAULT NULL::text, tags text[] DEFAULT NULL::text[], kind text DEFAULT 'signed'::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
grant execute on function app.begin_upload(name text, size bigint, mime_type text, folder_id uuid, path text, sha256 text, description text, tags text[], kind text) to authenticated;
comment on function app.begin_upload(name text, size bigint, mime_type text, folder_id uuid, path text, sha256 text, description text, tags text[], kind text) is 'Starts an upload into your drive, or into a folder shared with you as editor (then the file and the reserved bytes are the owner''s); answers where it goes.';
