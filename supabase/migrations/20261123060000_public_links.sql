-- Public links: "anyone with the link can view", as Google Drive does. When
-- an owner makes a file public (`api.update_file(visibility => 'public')`),
-- the file gets an unguessable link token; anyone holding it (no account,
-- the `anon` role) downloads the file's current version through the files
-- function at `GET /functions/v1/files/public/<token>`.
--
-- Why a token and not the file id: ids are shown to admins (`admin_files`),
-- written to the activity log and kept forever, and a file made private then
-- public again would reopen the old link to everyone who ever had it. A token
-- is new each time the file is shared, and dies when it is made private.
--
-- The token is never stored. It is an HMAC (key: a random secret in
-- private.settings) of a random per-share nonce, so the owner can be shown the
-- same link at any time while a copy of the drive's tables (a backup, an
-- admin's query) holds only the nonce and the token's SHA-256, which is what a
-- request is looked up by.

/* The secret links are derived from: random, made once, never leaves the database. */
insert into private.settings (key, value)
values ('files.public_link_secret', encode(extensions.gen_random_bytes(32), 'hex'))
on conflict (key) do nothing;

/* The link token of one share: base64url(HMAC-SHA256(secret, nonce)), 43 characters. */
create or replace function private.public_link_token(nonce uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  secret text := private.setting('files.public_link_secret');
begin
  if secret is null then
    raise exception using errcode = 'P0001', message = 'private.settings has no files.public_link_secret.';
  end if;
  -- 32 bytes encode to 44 base64 characters: no line break, one '=' to drop.
  return translate(rtrim(encode(extensions.hmac(convert_to('pgdrive public link ' || nonce::text, 'UTF8'),
    convert_to(secret, 'UTF8'), 'sha256'), 'base64'), '='), '+/', '-_');
end
$$;
comment on function private.public_link_token(uuid) is 'The public link token of a share nonce (an HMAC under files.public_link_secret).';

/*
 * One row per public file. Deleted when the file is made private (the link
 * dies at once), and with the file when it is purged.
 */
create table app.public_links (
  file_id uuid primary key references app.files (id) on delete cascade,
  owner_id uuid not null references app.users (id) on delete cascade,
  nonce uuid not null,
  token_hash bytea not null unique,
  created_at timestamptz not null default now()
);
alter table app.public_links enable row level security;
comment on table app.public_links is 'Public files: the nonce their link is derived from and the SHA-256 of the link token (never the token).';

revoke all on app.public_links from public, anon, authenticated;
grant select on app.public_links to authenticated;
grant all on app.public_links to service_role;
create policy "owners read their public links" on app.public_links
  for select to authenticated using (owner_id = (select app.current_user_id()));

/* Opens a new link for a file (a new nonce: any older link is gone). */
create or replace function app.open_public_link(target app.files)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  fresh uuid := gen_random_uuid();
begin
  insert into app.public_links (file_id, owner_id, nonce, token_hash)
  values (target.id, target.owner_id, fresh, extensions.digest(private.public_link_token(fresh), 'sha256'))
  on conflict (file_id) do update
  set nonce = excluded.nonce, token_hash = excluded.token_hash, created_at = now();
end
$$;

/* Files made public before links existed get one now. */
select app.open_public_link(f) from app.files f where f.visibility = 'public';

/*
 * The link token of one of the caller's own files, or null (not public, or
 * not the caller's: an admin listing `admin_files` never sees others' links).
 */
create or replace function app.public_link_token(target_file uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := app.current_user_id();
  share_nonce uuid;
begin
  select l.nonce into share_nonce from app.public_links l where l.file_id = target_file and l.owner_id = uid;
  if share_nonce is null then
    return null;
  end if;
  return private.public_link_token(share_nonce);
end
$$;
comment on function app.public_link_token(uuid) is 'The public link token of one of your files, or null.';
grant execute on function app.public_link_token(uuid) to authenticated, service_role;

/*
 * Changes a file's description and/or visibility (null leaves it as it is).
 * Public opens a link (a new one each time the file is shared again);
 * private deletes it, so the old link stops at once.
 */
create or replace function api.update_file(file_id uuid, description text default null, visibility text default null)
returns api.files
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target app.files := app.owned_file(update_file.file_id);
  result api.files;
begin
  if update_file.visibility is not null and update_file.visibility not in ('private', 'public') then
    raise exception using errcode = 'PT400', message = 'visibility must be "private" or "public".';
  end if;
  if char_length(update_file.description) > 10000 then
    raise exception using errcode = 'PT400', message = 'The description can be at most 10000 characters long.';
  end if;
  update app.files
  set description = coalesce(update_file.description, description),
      visibility = coalesce(update_file.visibility, visibility)
  where id = target.id;
  if update_file.visibility = 'public' and not exists (select from app.public_links where file_id = target.id) then
    perform app.open_public_link(target);
  elsif update_file.visibility = 'private' then
    delete from app.public_links where file_id = target.id;
  end if;
  perform app.log_activity('file.update', null, 'file', target.id::text,
    jsonb_strip_nulls(jsonb_build_object('visibility', update_file.visibility,
      'description', case when update_file.description is not null then true end)));
  select * into result from api.files where id = target.id;
  return result;
end
$$;
comment on function api.update_file(uuid, text, text) is
  'Changes the description or visibility of one of your files. Public gives it a link anyone can download it with (a new one each time it is shared again); private ends that link at once.';

/*
 * What the files function needs to serve a public link: the current version
 * of a public file that is not in the trash and whose owner is not disabled,
 * in the shape app.version_for_download answers; null for anything else (an
 * unknown, revoked or malformed token alike, so nothing is revealed).
 */
create or replace function app.public_version(token text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  wanted bytea;
  served jsonb;
begin
  if token is null or token !~ '^[A-Za-z0-9_-]{43}$' then
    return null;
  end if;
  wanted := extensions.digest(token, 'sha256');
  select jsonb_build_object(
    'file_id', f.id, 'version_id', v.id, 'version', v.version, 'name', f.name, 'object_key', v.object_key,
    'size', v.size, 'sha256', v.sha256, 'mime_type', v.mime_type, 'owner_id', f.owner_id
  ) into served
  from app.public_links l
  join app.files f on f.id = l.file_id
  join app.file_versions v on v.id = f.current_version_id
  join app.users u on u.id = f.owner_id
  where l.token_hash = wanted
    and f.visibility = 'public'
    and f.trashed_at is null
    and u.disabled_at is null;
  return served;
end
$$;
comment on function app.public_version(text) is 'The current version behind a public link token, or null when the link does not serve.';
grant execute on function app.public_version(text) to anon, authenticated;

/*
 * Logs a download through a public link: no actor when nobody is signed in
 * (the log's actor is nullable; only holders of logs.read see such rows).
 * The owner and version go in `meta`, never the token.
 */
create or replace function app.log_public_download(token text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  served jsonb := app.public_version(token);
begin
  if served is not null then
    perform app.log_activity('file.public_download', null, 'file', served ->> 'file_id',
      jsonb_build_object('owner_id', served ->> 'owner_id', 'version', (served ->> 'version')::integer));
  end if;
end
$$;
comment on function app.log_public_download(text) is 'Writes a file.public_download activity row for a link that serves.';
grant execute on function app.log_public_download(text) to anon, authenticated;

/*
 * The API shows the link token of the caller's own public files; clients
 * build the link as <API URL>/functions/v1/files/public/<public_token>.
 * `admin_files` keeps the same columns, but the token is null on other
 * users' rows.
 */
create or replace view api.files with (security_invoker = true) as
  select id, owner_id, folder_id, name, mime_type, size, sha256, visibility, description,
         current_version_id, created_at, updated_at, trashed_at,
         case when visibility = 'public' then app.public_link_token(id) end as public_token
  from app.files
  where owner_id = (select app.current_user_id());
comment on column api.files.public_token is
  'For a public file, the token of its link: GET <API URL>/functions/v1/files/public/<public_token> downloads it without signing in. Null when private.';

create or replace view api.admin_files with (security_invoker = true) as
  select id, owner_id, folder_id, name, mime_type, size, sha256, visibility, description,
         current_version_id, created_at, updated_at, trashed_at,
         case when visibility = 'public' then app.public_link_token(id) end as public_token
  from app.files;
comment on column api.admin_files.public_token is 'The link token of your own public files; always null on other users'' files.';

/* The file row the upload functions answer, with the same columns as api.files. */
create or replace function app.file_json(target uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', f.id, 'owner_id', f.owner_id, 'folder_id', f.folder_id, 'name', f.name, 'mime_type', f.mime_type,
    'size', f.size, 'sha256', f.sha256, 'visibility', f.visibility, 'description', f.description,
    'current_version_id', f.current_version_id, 'created_at', f.created_at, 'updated_at', f.updated_at,
    'trashed_at', f.trashed_at,
    'public_token', case when f.visibility = 'public' then app.public_link_token(f.id) end
  )
  from app.files f where f.id = target
$$;

revoke execute on function private.public_link_token(uuid), app.open_public_link(app.files),
  app.public_link_token(uuid), app.public_version(text), app.log_public_download(text) from public;
