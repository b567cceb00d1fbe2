/*
 * Thumbnails of PDFs and videos, drawn by the browser that uploads them.
 *
 * The edge makes thumbnails of the images its WebAssembly image code decodes
 * (PNG, JPEG, GIF). A PDF's first page needs a PDF renderer and a video's
 * frame a video decoder, neither of which a thin edge function carries; the
 * browser that uploads the file has both (PDF.js, and <video> with a canvas).
 * So for these types the uploader's browser draws a picture and sends it
 * (`PUT /files/thumbnails/<version_id>`). The edge does not take it on trust:
 * it must be a PNG or JPEG of at most files.thumbnail_drawn_max_bytes (1 MiB)
 * that decodes within the image limits, and the edge re-encodes it into the
 * same 320×320 WebP it makes of images, so what is stored and served is
 * always the edge's own encoding. Until one is sent, asking for it answers
 * 404 and records nothing (the browser may still send it).
 *
 * Who may send one: who may change the file (its owner, or an editor through
 * a share), for a live file's current version. A viewer may not: the picture
 * comes from the sender, not from the bytes. Who may see one is unchanged:
 * who may download the version (app.thumbnail_of).
 */
insert into private.settings (key, value) values ('files.thumbnail_drawn_max_bytes', '1048576')
on conflict (key) do nothing;

/*
 * Who makes a type's thumbnail: 'edge' (images the edge decodes), 'browser'
 * (PDFs and videos, drawn by the uploader's browser), or null (none).
 */
create function app.thumbnail_maker(mime_type text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when lower(split_part(mime_type, ';', 1)) in ('image/png', 'image/jpeg', 'image/gif') then 'edge'
    when lower(split_part(mime_type, ';', 1)) = 'application/pdf'
      or lower(split_part(mime_type, ';', 1)) in ('video/webm', 'video/mp4', 'video/ogg', 'video/quicktime') then 'browser'
  end
$$;
comment on function app.thumbnail_maker(text) is
  'Who makes thumbnails of this type: edge (PNG, JPEG, GIF), browser (PDF, WebM, MP4, Ogg, QuickTime video), or null.';
grant execute on function app.thumbnail_maker(text) to authenticated, service_role;

/* Restated: PDFs and videos get thumbnails too (drawn by the browser). */
create or replace function app.type_has_thumbnail(mime_type text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select app.thumbnail_maker(mime_type) is not null
$$;
comment on function app.type_has_thumbnail(text) is
  'Whether files of this type get a thumbnail (PNG, JPEG, GIF made on the edge; PDF and video drawn by the uploading browser).';
grant execute on function app.type_has_thumbnail(text) to authenticated, service_role;

/*
 * Restated: the thumbnail of a version, for the caller: PT404 unless they
 * may download it (app.version_for_download), its file is live and it is
 * the current version, and it is of a type that gets a thumbnail (an image
 * the edge makes one of only up to files.thumbnail_max_bytes, which it reads
 * whole; a drawn one whatever the file's size, since the edge never reads the
 * file). Answers the version's object, who makes its thumbnail ('maker':
 * edge or browser) and the thumbnail, null while none was made.
 */
create or replace function app.thumbnail_of(version_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  target_file uuid;
  found jsonb;
  thumb app.thumbnails;
  maker text;
begin
  select v.file_id into target_file
  from app.file_versions v
  join app.files f on f.id = v.file_id
  where v.id = thumbnail_of.version_id and f.trashed_at is null and f.current_version_id = v.id;
  found := app.version_for_download(target_file, thumbnail_of.version_id);
  if found is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  maker := app.thumbnail_maker(found ->> 'mime_type');
  if maker is null
     or (maker = 'edge'
         and (found ->> 'size')::bigint > coalesce(app.files_setting('files.thumbnail_max_bytes'), 26214400)) then
    raise exception using errcode = 'PT404', message = 'This file has no thumbnail.',
      hint = 'Thumbnails are made of PNG, JPEG and GIF images up to files.thumbnail_max_bytes, and drawn of PDFs and videos by the browser that uploads them.';
  end if;
  select * into thumb from app.thumbnails t where t.version_id = thumbnail_of.version_id;
  return found || jsonb_build_object(
    'maker', maker,
    'thumbnail', case when thumb.version_id is null then null else jsonb_build_object(
      'object_key', thumb.object_key, 'size', thumb.size, 'sha256', thumb.sha256,
      'width', thumb.width, 'height', thumb.height) end);
end
$$;
comment on function app.thumbnail_of(uuid) is
  'The version (as app.version_for_download answers it), who makes its thumbnail (maker: edge or browser) and the thumbnail (null until made) when the caller may see it; PT404 otherwise.';
grant execute on function app.thumbnail_of(uuid) to authenticated;

/*
 * May the caller send the drawn thumbnail of this version? Answers the
 * version as app.thumbnail_of does, with the most bytes the picture may have
 * (max_bytes: files.thumbnail_drawn_max_bytes), when the caller may change the file (its
 * owner, or an editor through a share of it or of its folder) and its type
 * is drawn by the browser; PT404 for a file they cannot see or a version
 * that is not current, 42501 for one they may only view, PT400 for a type
 * the edge makes (or none).
 */
create function app.drawn_thumbnail_target(version_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found jsonb := app.thumbnail_of(drawn_thumbnail_target.version_id);
  me uuid := app.require_user_id();
begin
  if found ->> 'maker' <> 'browser' then
    raise exception using errcode = 'PT400', message = 'The edge makes this file''s thumbnail; none is sent.';
  end if;
  if not exists (
    select from app.files f
    where f.id = (found ->> 'file_id')::uuid
      and (f.owner_id = me
           or f.folder_id in (select app.shared_folders(true))
           or f.id in (select app.shared_files(true)))) then
    raise exception using errcode = '42501', message = 'Only who may change this file sends its thumbnail.';
  end if;
  return found || jsonb_build_object('max_bytes',
    coalesce(app.files_setting('files.thumbnail_drawn_max_bytes'), 1048576));
end
$$;
comment on function app.drawn_thumbnail_target(uuid) is
  'The version whose browser-drawn thumbnail the caller may send (owner or editor, PDF or video, current version); PT404, 42501 or PT400 otherwise.';
grant execute on function app.drawn_thumbnail_target(uuid) to authenticated;

/*
 * Keeps a thumbnail object for a version the caller was allowed to record
 * it for (`subject`, as app.thumbnail_of answers; not named `found`,
 * which PL/pgSQL reserves for its FOUND flag): the first recorded wins,
 * and a later one's object is queued for collection. Answers the one kept.
 * Only the two record functions call it, after their own checks.
 */
create function app.keep_thumbnail(
  subject jsonb, object_key text, size bigint, sha256 text, width integer, height integer)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  kept app.thumbnails;
begin
  if keep_thumbnail.object_key is not null and keep_thumbnail.object_key !~ '^thumbnails/[0-9a-f-]{36}\.webp$' then
    raise exception using errcode = 'PT400', message = 'A thumbnail object is named thumbnails/<uuid>.webp.';
  end if;
  insert into app.thumbnails as t (version_id, file_id, owner_id, object_key, size, sha256, width, height)
  values ((subject ->> 'version_id')::uuid, (subject ->> 'file_id')::uuid, (subject ->> 'owner_id')::uuid,
          keep_thumbnail.object_key, keep_thumbnail.size, keep_thumbnail.sha256,
          keep_thumbnail.width, keep_thumbnail.height)
  on conflict on constraint thumbnails_pkey do nothing
  returning * into kept;
  if kept.version_id is null then
    select * into kept from app.thumbnails t where t.version_id = (subject ->> 'version_id')::uuid;
    if keep_thumbnail.object_key is not null then
      perform app.enqueue_unreferenced_object(keep_thumbnail.object_key);
    end if;
  end if;
  return jsonb_build_object('object_key', kept.object_key, 'size', kept.size, 'sha256', kept.sha256,
                            'width', kept.width, 'height', kept.height);
end
$$;
revoke execute on function app.keep_thumbnail(jsonb, text, bigint, text, integer, integer) from public;

/*
 * Restated: records the thumbnail the edge made of an image version (or,
 * with a null key, that none can be made), as a caller who may see it. Not
 * for a PDF or a video: their thumbnail comes only from who may change the
 * file (app.record_drawn_thumbnail), and "none can be made" never holds for
 * them. Two requests may make one at once: the first recorded wins, and the
 * other's object is queued for collection. Answers the thumbnail kept.
 */
create or replace function app.record_thumbnail(
  version_id uuid, object_key text, size bigint default null, sha256 text default null,
  width integer default null, height integer default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  found jsonb := app.thumbnail_of(record_thumbnail.version_id);
begin
  if found ->> 'maker' = 'browser' then
    raise exception using errcode = 'PT400', message = 'This file''s thumbnail is drawn by the browser that uploads it.';
  end if;
  return app.keep_thumbnail(found, record_thumbnail.object_key, record_thumbnail.size, record_thumbnail.sha256,
    record_thumbnail.width, record_thumbnail.height);
end
$$;
comment on function app.record_thumbnail(uuid, text, bigint, text, integer, integer) is
  'Records the thumbnail object made of an image version the caller may see (null: none can be made); the first one recorded is kept.';
grant execute on function app.record_thumbnail(uuid, text, bigint, text, integer, integer) to authenticated;

/*
 * Records the thumbnail the edge made from a picture the browser drew, as a
 * caller who may send it (app.drawn_thumbnail_target); the first recorded
 * is kept, as with images.
 */
create function app.record_drawn_thumbnail(
  version_id uuid, object_key text, size bigint, sha256 text, width integer, height integer)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  if record_drawn_thumbnail.object_key is null then
    raise exception using errcode = 'PT400', message = 'A drawn thumbnail has an object.';
  end if;
  return app.keep_thumbnail(app.drawn_thumbnail_target(record_drawn_thumbnail.version_id),
    record_drawn_thumbnail.object_key, record_drawn_thumbnail.size, record_drawn_thumbnail.sha256,
    record_drawn_thumbnail.width, record_drawn_thumbnail.height);
end
$$;
comment on function app.record_drawn_thumbnail(uuid, text, bigint, text, integer, integer) is
  'Records the thumbnail made of a picture the browser drew of a PDF or video the caller may change; the first one recorded is kept.';
grant execute on function app.record_drawn_thumbnail(uuid, text, bigint, text, integer, integer) to authenticated;
