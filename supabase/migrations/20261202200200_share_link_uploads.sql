/*
 * Uploads through `edit` and `file_drop` links: a visitor (no account) sends
 * files into the shared folder with the rules of the owner's own uploads
 * (name, denied types, maximum size, quota), counted against the owner.
 *
 * The same three steps as a signed upload (begin, the bytes, complete), each
 * starting from the link token, so revoking the link (or its expiry) stops
 * an upload in flight at its next step. An upload row remembers its link
 * (share_link_id) and is found only through it.
 *
 *   edit       into the shared folder or any folder under it (not trashed);
 *              a name that exists becomes a new version, as for the owner
 *   file_drop  into the shared folder only; never overwrites: a name that
 *              exists gets a free one ("report (1).pdf"); the visitor is
 *              answered a receipt (name, size) and nothing else
 *
 * Each completed upload is an activity row and tells the owner through a
 * `share_link_upload` notification (folded while uploads keep coming).
 */

alter table app.uploads add column share_link_id uuid references app.share_links (id) on delete cascade;
alter table app.uploads add column uploader_name text check (char_length(uploader_name) <= 100);
create index uploads_share_link on app.uploads (share_link_id) where share_link_id is not null;
comment on column app.uploads.share_link_id is 'The share link a visitor uploads through (edit or file_drop), or null for the owner''s own upload.';
comment on column app.uploads.uploader_name is 'The name a visitor gave with an upload through a link, if any.';

insert into app.notification_types (type, category, description, title, title_folded, email_default, email_subject, email_body, sort_order)
values ('share_link_upload', 'sharing', 'Someone uploaded into a folder you shared by link',
  '{{uploader}} uploaded {{name}} to {{folder}}', '{{count}} files were uploaded to {{folder}}', true,
  'New upload in {{folder}}',
  E'Hello{{name_of_user}},\n\n{{uploader}} uploaded {{name}} ({{size_pretty}}) to your folder {{folder}} through a share link.\n\nSee it at {{site_url}}\n',
  200)
on conflict (type) do nothing;

/* Whether a given user's roles grant a permission (the owner's, when a visitor uploads on their behalf). */
create or replace function private.user_holds_permission(user_id uuid, permission_name text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select from app.user_roles ur
    join app.roles r on r.id = ur.role_id
    where ur.user_id = user_holds_permission.user_id
      and (r.name = 'superadmin' or exists (
        select from app.role_permissions rp join app.permissions p on p.id = rp.permission_id
        where rp.role_id = r.id and p.name = permission_name))
  )
$$;

/* A link that takes uploads, or PT403. */
create or replace function private.upload_link(token text, access text)
returns app.share_links
language plpgsql
stable
set search_path = ''
as $$
declare
  link app.share_links := private.serving_link(token, access);
begin
  if link.type not in ('edit', 'file_drop') then
    raise exception using errcode = 'PT403', message = 'This link does not take uploads.';
  end if;
  if not private.user_holds_permission(link.owner_id, 'files.write') then
    raise exception using errcode = 'PT403', message = 'This folder does not take uploads now.';
  end if;
  return link;
end
$$;

/*
 * Starts an upload through a link: checks name, type, size and the owner's
 * free space (without telling the visitor the owner's figures) and reserves
 * it, as app.begin_upload does for the owner.
 */
create or replace function app.begin_share_upload(token text, access text, name text, size bigint,
  mime_type text default null, folder_id uuid default null, uploader_name text default null)
returns jsonb
language plpgsql
volatile
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
  values (link.owner_id, target, file_name, size, mime, gen_random_uuid()::text, 'signed',
    now() + make_interval(secs => app.files_setting('files.upload_ttl_seconds')), link.id, uploader)
  returning * into upload;
  return jsonb_build_object('id', upload.id, 'object_key', upload.object_key, 'name', upload.name,
    'size', upload.size, 'mime_type', upload.mime_type, 'expires_at', upload.expires_at, 'max_bytes', upload.size);
end
$$;
comment on function app.begin_share_upload(text, text, text, bigint, text, uuid, text) is
  'Starts an upload through an edit or file_drop link, checked as the owner''s own uploads are and reserved against the owner''s quota.';
grant execute on function app.begin_share_upload(text, text, text, bigint, text, uuid, text) to anon, authenticated;

/* A pending upload of this link that still takes bytes: where they go, as app.upload_target answers. */
create or replace function app.share_upload_target(token text, access text, upload_id uuid, byte_count bigint default null)
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
  select * into upload from app.uploads u where u.id = upload_id and u.share_link_id = link.id;
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
comment on function app.share_upload_target(text, text, uuid, bigint) is
  'The object and byte limit of a pending upload through this link, else PT404/409/410/413.';
grant execute on function app.share_upload_target(text, text, uuid, bigint) to anon, authenticated;

/* Records what the driver measured for an upload through this link. */
create or replace function app.record_share_upload_bytes(token text, access text, upload_id uuid, size bigint, sha256 text,
  sniffed_mime text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
$$;
grant execute on function app.record_share_upload_bytes(text, text, uuid, bigint, text, text) to anon, authenticated;

/*
 * Completes an upload through a link, as app.complete_upload does for the
 * owner; a file drop never overwrites. Answers a receipt: the name the file
 * got and its size (and, for an edit link, its id).
 */
create or replace function app.complete_share_upload(token text, access text, upload_id uuid)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
$$;
comment on function app.complete_share_upload(text, text, uuid) is
  'Completes an upload through an edit or file_drop link (a file drop never overwrites) and tells the owner; answers a receipt {name, size}.';
grant execute on function app.complete_share_upload(text, text, uuid) to anon, authenticated;

/* Cancels a pending upload through this link (its bytes are collected). */
create or replace function app.cancel_share_upload(token text, access text, upload_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  link app.share_links := private.upload_link(token, access);
begin
  delete from app.uploads u where u.id = upload_id and u.share_link_id = link.id and u.status = 'pending';
end
$$;
grant execute on function app.cancel_share_upload(text, text, uuid) to anon, authenticated;
