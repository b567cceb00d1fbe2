/*
 * Personal access tokens: a long-lived secret a script or a WebDAV client
 * holds instead of the account password.
 *
 * A token is `pgd_` and 256 random bits (base64url); only its SHA-256 is
 * stored. It names scopes (`files:read`, `files:write`), optionally one
 * folder (the token then reaches that folder and everything below it, and
 * nothing else), and an expiry (auth setting access_tokens.default_ttl_seconds,
 * 90 days; "never", expires_in = 0, only when access_tokens.allow_never is
 * 'true').
 *
 * A token is never a bearer credential itself: rpc/token_from_access_token
 * exchanges it for a normal short-lived JWT (so hosted PostgREST, which
 * accepts only JWTs, serves the same scripts). That JWT names a session tied
 * to the token and carries `token_id`, `scopes` and, when limited,
 * `folder_id`. Those claims are enforced here, in SQL, for every endpoint:
 *
 *   scopes     app.user_has_permission (every write function asks it for
 *              files.write) grants a token session files.write only when
 *              it holds files:write, and no other permission at all (no
 *              admin reads, no users.manage, through a token).
 *   endpoints  the pre-request lets a token session call only the drive:
 *              reads of views, the drive's rpc functions, and the files and
 *              webdav functions; never account functions (password, email,
 *              profile, share links, creating more tokens).
 *   folder     restrictive read policies on folders, files, versions and
 *              uploads, the ownership lookups of the write functions
 *              (app.owned_file, app.owned_folder), the download lookup
 *              (app.version_for_download) and search; triggers refuse a
 *              row written outside the folder whatever function writes it.
 *
 * Revoking ends the token's sessions at once (the pre-request then refuses
 * their JWTs); a disabled account's tokens exchange for nothing and its
 * sessions fail the pre-request as every session does. Failed exchanges
 * are counted per client address like failed logins.
 */

create table app.access_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 100),
  token_hash bytea not null unique,
  -- The first characters of the token, so a list can say which one is which.
  prefix text not null,
  scopes text[] not null check (cardinality(scopes) between 1 and 2 and scopes <@ array['files:read', 'files:write']),
  -- A deleted folder takes its tokens with it: a limited token must never become unlimited.
  folder_id uuid references app.folders (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
alter table app.access_tokens enable row level security;
create index access_tokens_user on app.access_tokens (user_id);
create index access_tokens_folder on app.access_tokens (folder_id) where folder_id is not null;
comment on table app.access_tokens is 'Personal access tokens: SHA-256 of the secret, scopes, optional folder, expiry; exchanged for short-lived JWTs.';

revoke all on app.access_tokens from public, anon, authenticated;
-- Every column but the hash.
grant select (id, user_id, name, prefix, scopes, folder_id, created_at, expires_at, last_used_at, revoked_at)
  on app.access_tokens to authenticated;
grant all on app.access_tokens to service_role;

/* A session made by exchanging a token names it; revoking the token ends it. */
alter table app.sessions add column access_token_id uuid references app.access_tokens (id) on delete cascade;
create index sessions_access_token on app.sessions (access_token_id) where access_token_id is not null and ended_at is null;
alter table app.sessions drop constraint sessions_end_reason_check;
alter table app.sessions add constraint sessions_end_reason_check check (end_reason in (
  'logout', 'logout_all', 'token_reuse', 'password_reset', 'password_changed', 'email_changed', 'disabled', 'expired',
  'token_revoked'));

/* The token claims of the request: scopes (null for a password session) and folder. */
create function app.token_scopes()
returns text[]
language sql
stable
set search_path = ''
as $$
  select case when app.jwt_claims() ? 'scopes'
    then array(select jsonb_array_elements_text(app.jwt_claims() -> 'scopes')) end
$$;
comment on function app.token_scopes() is 'The scopes of the access token the request acts for, or null for a password session.';
grant execute on function app.token_scopes() to anon, authenticated, service_role;

create function app.token_folder()
returns uuid
language sql
stable
set search_path = ''
as $$
  select nullif(app.jwt_claims() ->> 'folder_id', '')::uuid
$$;
comment on function app.token_folder() is 'The folder the request''s access token is limited to, or null.';
grant execute on function app.token_folder() to anon, authenticated, service_role;

/* The token's folder and every folder below it (empty when unlimited: callers test token_folder() first). */
create function app.token_subtree()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select t from app.folder_subtree(app.token_folder()) t
  where app.token_folder() is not null
$$;
comment on function app.token_subtree() is 'The ids of the access token''s folder and all folders below it.';
grant execute on function app.token_subtree() to authenticated;

/*
 * Whether a place (a folder id, null for the root) is inside the token's
 * folder: always for an unlimited session. Walks up from the place, so a
 * check costs the folder's depth, not the size of the tree.
 */
create function app.token_allows_folder(place uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  root uuid := app.token_folder();
  cur uuid := place;
  depth integer := 0;
begin
  if root is null then
    return true;
  end if;
  while cur is not null and depth < 10000 loop
    if cur = root then
      return true;
    end if;
    select f.parent_id into cur from app.folders f where f.id = cur;
    if not found then
      return false;
    end if;
    depth := depth + 1;
  end loop;
  return false;
end
$$;
comment on function app.token_allows_folder(uuid) is 'True when the folder (null: the root) is inside the access token''s folder, or the session is not folder-limited.';
grant execute on function app.token_allows_folder(uuid) to authenticated;

/*
 * Scopes as permissions. A password session holds what its roles grant; a
 * token session holds files.write only when it has files:write (and its
 * roles grant it), and nothing else: a token is for the caller's own drive.
 * Restated from the rbac migration with the first condition added.
 */
create or replace function app.user_has_permission(permission_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select (
      not (app.jwt_claims() ? 'scopes')
      or (permission_name = 'files.write' and (app.jwt_claims() -> 'scopes') ? 'files:write')
    )
    and exists (
      select from app.user_roles ur
      join app.roles r on r.id = ur.role_id
      where ur.user_id = app.current_user_id()
        and (
          r.name = 'superadmin'
          or exists (
            select from app.role_permissions rp
            join app.permissions p on p.id = rp.permission_id
            where rp.role_id = r.id and p.name = permission_name
          )
        )
    )
$$;
comment on function app.user_has_permission(text) is
  'True when the caller holds the permission through a role (superadmin: always); an access token session holds only files.write, and only with files:write.';

/*
 * The endpoints a token session may reach: reads of views, the drive's rpc
 * functions, and the files (uploads, downloads, store and retrieve) and
 * webdav functions. An internal call with no path is a function's own.
 * Anything else (the account, share links, more tokens) is refused.
 */
create function app.check_token_request()
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  method text := coalesce(current_setting('request.method', true), '');
  path text := coalesce(current_setting('request.path', true), '');
  rpc text := substring(path from '^/rpc/([A-Za-z0-9_]+)$');
begin
  if path = '' then
    return;
  end if;
  if rpc is not null then
    if rpc = any (array[
         'create_folder', 'rename_folder', 'move_folder', 'trash_folder', 'restore_folder', 'purge_folder',
         'rename_file', 'move_file', 'copy_file', 'trash_file', 'restore_file', 'purge_file', 'restore_version',
         'set_file_content_text', 'add_tags', 'remove_tag', 'list_tags', 'search_files', 'folder_path'])
       -- Emptying the trash reaches every folder.
       or (rpc = 'empty_trash' and app.token_folder() is null) then
      return;
    end if;
  elsif path ~ '^/files/(uploads|tus|download-url|download|rpc)(/|$)' or path ~ '^/webdav(/|$)' then
    return;
  elsif path !~ '^/rpc/' and method in ('GET', 'HEAD', 'OPTIONS') then
    return;
  end if;
  raise exception using errcode = '42501',
    message = 'An access token reaches only the drive: sign in with your password for this.',
    hint = 'Access tokens may list, search, read and (with files:write) change files.';
end
$$;
comment on function app.check_token_request() is 'Refuses a request of an access token session to anything but the drive.';
grant execute on function app.check_token_request() to authenticated;

/* The pre-request, restated: the session check, then the endpoint check for token sessions. */
create or replace function app.pre_request()
returns void
language plpgsql
stable
as $$
begin
  if current_user <> 'authenticated' then
    return;
  end if;
  if not app.session_is_live(app.jwt_claims()) then
    raise exception using errcode = 'PT401', message = 'Your session has ended. Sign in again.',
      hint = 'The access token belongs to a session that was logged out, revoked or disabled.';
  end if;
  if app.jwt_claims() ? 'scopes' then
    perform app.check_token_request();
  end if;
end
$$;
comment on function app.pre_request() is 'db-pre-request: refuses tokens of ended sessions and disabled accounts, and access tokens outside the drive.';

/*
 * Reads inside the folder. Restrictive policies AND with the read policies,
 * so a folder-limited token sees only its subtree in every view and in the
 * invoker functions (tags). The sub-selects run once per query.
 */
create policy "a folder-limited access token reads only folders inside its folder" on app.folders
  as restrictive for select to authenticated
  using ((select app.token_folder()) is null or id in (select app.token_subtree()));
create policy "a folder-limited access token reads only files inside its folder" on app.files
  as restrictive for select to authenticated
  using ((select app.token_folder()) is null or folder_id in (select app.token_subtree()));
create policy "a folder-limited access token reads only versions of files inside its folder" on app.file_versions
  as restrictive for select to authenticated
  using ((select app.token_folder()) is null
    or file_id in (select f.id from app.files f where f.folder_id in (select app.token_subtree())));
create policy "a folder-limited access token reads only uploads into its folder" on app.uploads
  as restrictive for select to authenticated
  using ((select app.token_folder()) is null or folder_id in (select app.token_subtree()));
-- Word counts and the activity log name files anywhere in the drive.
create policy "a folder-limited access token reads no name words" on app.owner_name_words
  as restrictive for select to authenticated
  using ((select app.token_folder()) is null);
create policy "an access token reads no activity log" on app.activity_log
  as restrictive for select to authenticated
  using ((select app.token_scopes()) is null);

/* Writes inside the folder, whichever function writes: the place a row is put must be inside. */
create function app.stay_in_token_folder()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  place uuid;
begin
  if app.token_folder() is null then
    return new;
  end if;
  if tg_table_name = 'folders' then
    if tg_op = 'UPDATE' and new.parent_id is not distinct from old.parent_id then
      return new;
    end if;
    place := new.parent_id;
  else
    if tg_op = 'UPDATE' and new.folder_id is not distinct from old.folder_id then
      return new;
    end if;
    place := new.folder_id;
  end if;
  if not app.token_allows_folder(place) then
    raise exception using errcode = '42501',
      message = 'This access token is limited to one folder, and that place is outside it.';
  end if;
  return new;
end
$$;
comment on function app.stay_in_token_folder() is 'Trigger: a folder-limited access token writes nothing outside its folder.';

create trigger folders_stay_in_token_folder before insert or update of parent_id on app.folders
  for each row execute function app.stay_in_token_folder();
create trigger files_stay_in_token_folder before insert or update of folder_id on app.files
  for each row execute function app.stay_in_token_folder();
create trigger uploads_stay_in_token_folder before insert or update of folder_id on app.uploads
  for each row execute function app.stay_in_token_folder();

/* The ownership lookups every write function starts with, restated to stay inside the token's folder. */
create or replace function app.owned_file(target uuid)
returns app.files
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
  found_file app.files;
begin
  select * into found_file from app.files where id = target and owner_id = uid for update;
  if not found or not app.token_allows_folder(found_file.folder_id) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return found_file;
end
$$;

create or replace function app.owned_folder(target uuid)
returns app.folders
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
  found_folder app.folders;
begin
  select * into found_folder from app.folders where id = target and owner_id = uid for update;
  if not found or not app.token_allows_folder(found_folder.id) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  return found_folder;
end
$$;

/* Downloads (signed URLs, retrieve_file, WebDAV GET) inside the token's folder only. */
create or replace function app.version_for_download(target_file uuid, target_version uuid default null)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'file_id', f.id, 'version_id', v.id, 'version', v.version, 'name', f.name, 'object_key', v.object_key,
    'size', v.size, 'sha256', v.sha256, 'mime_type', v.mime_type, 'owner_id', f.owner_id
  )
  from app.files f
  join app.file_versions v on v.file_id = f.id
  where f.id = target_file
    and f.owner_id = app.current_user_id()
    and v.id = coalesce(target_version, f.current_version_id)
    and app.token_allows_folder(f.folder_id)
$$;

/*
 * Search inside the token's folder: the search itself moves to app (as it
 * was) and api.search_files pins its folder filter to the token's folder,
 * so results, totals and suggestions never count a file outside.
 */
alter function api.search_files(text, text[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, text, integer)
  rename to search_files_anywhere;
alter function api.search_files_anywhere(text, text[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, text, integer)
  set schema app;
revoke execute on function app.search_files_anywhere(text, text[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, text, integer)
  from anon, authenticated;
comment on function app.search_files_anywhere(text, text[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, text, integer) is
  'The search behind api.search_files, over the caller''s whole drive.';

create function api.search_files(
  q text default '',
  tags text[] default null,
  type_group text default null,
  mime_type text default null,
  modified_from timestamptz default null,
  modified_to timestamptz default null,
  size_min bigint default null,
  size_max bigint default null,
  folder_id uuid default null,
  include_subfolders boolean default true,
  trashed boolean default false,
  after text default null,
  page_size integer default 50
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  root uuid := app.token_folder();
  place uuid := folder_id;
  below boolean := include_subfolders;
begin
  if root is not null then
    if place is null then
      place := root;
      below := true;
    elsif not app.token_allows_folder(place) then
      raise exception using errcode = 'PT404', message = 'Folder not found.';
    end if;
  end if;
  return app.search_files_anywhere(q, tags, type_group, mime_type, modified_from, modified_to,
    size_min, size_max, place, below, trashed, after, page_size);
end
$$;
comment on function api.search_files(text, text[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, text, integer) is
$$Searches your files. Every argument is optional; filters combine with AND.
  q: words or part of a name; matches name substrings (3+ characters), word prefixes in the name, tags, description and the text of text-like files, and (when few files match) near-misses of the name. Up to 256 characters are used.
  tags: the files must carry all of these tags. type_group: image, video, audio, document, spreadsheet, presentation, pdf, archive, code or other (see the type_groups view). mime_type: one exact type.
  modified_from (inclusive) / modified_to (exclusive): updated_at range. size_min / size_max: bytes, inclusive.
  folder_id: only that folder, with its sub-folders unless include_subfolders is false. trashed: false (default) outside the trash, true only the trash, null both.
  after: the next_cursor of the previous page. page_size: 1 to 200 (default 50).
Returns {items, total, total_is_exact, next_cursor}. Each item: id, name, folder_id, mime_type, type_group, size, description, created_at, updated_at, trashed_at, tags [{id, name}], rank (0 exact name, 1 name prefix, 2 name words, 3 name substring, 4 tags/description/content, 5 near-miss), match (the same as a word), score (near-miss similarity), highlight [{start, length}] (0-based character offsets in name). Ordered by rank, score, then most recently modified. total is exact up to 1000 matches, then an estimate (total_is_exact false). next_cursor is null on the last page.
  An access token limited to a folder searches only inside that folder (folder_id defaults to it; one outside is not found).
$$;
grant execute on function api.search_files(text, text[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, text, integer) to authenticated;

/* Only a password session manages tokens: a token cannot mint or revoke tokens. */
create function app.require_password_session()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
begin
  if app.jwt_claims() ? 'scopes' then
    raise exception using errcode = '42501',
      message = 'An access token cannot manage access tokens: sign in with your password.';
  end if;
  return uid;
end
$$;
comment on function app.require_password_session() is 'The caller''s id when signed in with a password session (not an access token), else 401/403.';
grant execute on function app.require_password_session() to authenticated;

/*
 * Creates a token and returns its secret once:
 * {id, name, token, prefix, scopes, folder_id, created_at, expires_at}.
 * expires_in is in seconds: null takes access_tokens.default_ttl_seconds
 * (90 days), 0 means never (only when access_tokens.allow_never is 'true'),
 * and at most access_tokens.max_ttl_seconds (1 year) otherwise.
 */
create function api.create_access_token(
  name text default null,
  scopes text[] default array['files:read'],
  folder_id uuid default null,
  expires_in integer default null
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_password_session();
  clean_name text := btrim(coalesce(name, ''));
  clean_scopes text[];
  ttl integer := coalesce(expires_in, private.setting_int('access_tokens.default_ttl_seconds', 7776000));
  secret text := 'pgd_' || private.base64url(extensions.gen_random_bytes(32));
  made app.access_tokens;
begin
  if clean_name = '' or char_length(clean_name) > 100 then
    raise exception using errcode = 'PT400', message = 'A token needs a name of 1 to 100 characters.';
  end if;
  perform app.assert_visible_text(clean_name, 'A token name');
  select array_agg(distinct s order by s) into clean_scopes from unnest(scopes) s;
  if clean_scopes is null or not clean_scopes <@ array['files:read', 'files:write'] then
    raise exception using errcode = 'PT400', message = 'Scopes are files:read and files:write.',
      hint = 'Give at least one: ["files:read"] or ["files:read", "files:write"].';
  end if;
  -- Writing implies reading: a write token that cannot list cannot see what it changes.
  if 'files:write' = any (clean_scopes) then
    clean_scopes := array['files:read', 'files:write'];
  end if;
  if folder_id is not null and not exists (
       select from app.folders f where f.id = folder_id and f.owner_id = uid and f.trashed_at is null) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  if ttl < 0 then
    raise exception using errcode = 'PT400', message = 'expires_in is a number of seconds (0 for never).';
  end if;
  if ttl = 0 and coalesce(private.setting('access_tokens.allow_never'), 'false') <> 'true' then
    raise exception using errcode = 'PT400', message = 'Tokens that never expire are not allowed here.',
      hint = 'Give expires_in in seconds, at most a year.';
  end if;
  if ttl > private.setting_int('access_tokens.max_ttl_seconds', 31622400) then
    raise exception using errcode = 'PT400',
      message = format('A token expires in at most %s seconds.', private.setting_int('access_tokens.max_ttl_seconds', 31622400));
  end if;
  if (select count(*) from app.access_tokens t
      where t.user_id = uid and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()))
     >= private.setting_int('access_tokens.max_per_user', 50) then
    raise exception using errcode = 'PT409', message = 'You have too many access tokens: revoke one first.';
  end if;

  insert into app.access_tokens (user_id, name, token_hash, prefix, scopes, folder_id, expires_at)
  values (uid, clean_name, extensions.digest(secret, 'sha256'), left(secret, 10), clean_scopes, folder_id,
    case when ttl = 0 then null else now() + make_interval(secs => ttl) end)
  returning * into made;
  perform app.log_activity('access_token.created', uid, 'access_token', made.id::text,
    jsonb_build_object('name', made.name, 'scopes', made.scopes, 'folder_id', made.folder_id, 'expires_at', made.expires_at));
  return jsonb_build_object(
    'id', made.id, 'name', made.name, 'token', secret, 'prefix', made.prefix, 'scopes', made.scopes,
    'folder_id', made.folder_id, 'created_at', made.created_at, 'expires_at', made.expires_at);
end
$$;
comment on function api.create_access_token(text, text[], uuid, integer) is
  'Creates a personal access token {name, scopes (files:read, files:write), folder_id?, expires_in? seconds, 0 = never if allowed} and returns its secret once as `token`.';
grant execute on function api.create_access_token(text, text[], uuid, integer) to authenticated;

/* Revokes one of the caller's tokens; its sessions end at once. */
create function api.revoke_access_token(token_id uuid default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_password_session();
  ended integer;
begin
  update app.access_tokens t set revoked_at = now()
  where t.id = revoke_access_token.token_id and t.user_id = uid and t.revoked_at is null;
  if not found then
    raise exception using errcode = 'PT404', message = 'Access token not found (or already revoked).';
  end if;
  update app.sessions s set ended_at = now(), end_reason = 'token_revoked'
  where s.access_token_id = revoke_access_token.token_id and s.ended_at is null;
  get diagnostics ended = row_count;
  perform app.log_activity('access_token.revoked', uid, 'access_token', token_id::text,
    jsonb_build_object('sessions', ended));
end
$$;
comment on function api.revoke_access_token(uuid) is 'Revokes one of your access tokens: every JWT it was exchanged for stops working at once.';
grant execute on function api.revoke_access_token(uuid) to authenticated;

/*
 * Exchanges a token for a short-lived JWT acting for its owner within its
 * scopes and folder: [{token, token_type, expires_in, expires_at, scopes,
 * folder_id, user}]. A wrong, expired or revoked token, or one of a disabled
 * account, is the same 401, counted per client address (answered without
 * raising so the count commits); past auth.max_failures_per_ip the answer
 * is a 429. The first use each day is an activity row.
 */
create function api.token_from_access_token(access_token text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  subject text := 'ip:' || private.client_key(app.client_ip());
  wait integer;
  tok app.access_tokens;
  account app.users;
  session_id uuid;
  now_s bigint := extract(epoch from now())::bigint;
  exp_s bigint;
begin
  if access_token is null or length(access_token) > 200 then
    raise exception using errcode = 'PT400', message = 'An access token is required.';
  end if;
  wait := private.retry_after('access_token', subject, private.setting_int('auth.max_failures_per_ip', 20));
  if wait > 0 then
    return private.too_many_attempts(wait);
  end if;

  select * into tok from app.access_tokens t
  where t.token_hash = extensions.digest(token_from_access_token.access_token, 'sha256')
  for update;
  select * into account from app.users u where u.id = tok.user_id;
  if tok.id is null or tok.revoked_at is not null or tok.expires_at <= now() or account.disabled_at is not null then
    perform private.record_attempt('access_token', subject);
    if tok.id is not null then
      perform app.log_activity('access_token.refused', tok.user_id, 'access_token', tok.id::text,
        jsonb_build_object('reason', case when tok.revoked_at is not null then 'revoked'
          when account.disabled_at is not null then 'disabled' else 'expired' end));
      update app.sessions s set ended_at = now(), end_reason = 'expired'
      where s.access_token_id = tok.id and s.ended_at is null;
    end if;
    return private.http_error(401, 'PT401', 'Invalid, expired or revoked access token.');
  end if;

  -- One live session per token, reused: a mounted drive exchanges every 15 minutes.
  select s.id into session_id from app.sessions s
  where s.access_token_id = tok.id and s.ended_at is null
  order by s.created_at desc limit 1;
  if session_id is null then
    insert into app.sessions (user_id, client_ip, user_agent, access_token_id)
    values (tok.user_id, app.client_ip(), left(app.user_agent(), 500), tok.id)
    returning id into session_id;
  else
    update app.sessions set refreshed_at = now() where id = session_id;
  end if;

  if tok.last_used_at is null or tok.last_used_at < date_trunc('day', now()) then
    perform app.log_activity('access_token.used', tok.user_id, 'access_token', tok.id::text,
      jsonb_build_object('name', tok.name));
  end if;
  update app.access_tokens set last_used_at = now() where id = tok.id;

  exp_s := now_s + private.setting_int('auth.access_token_ttl', 900);
  if tok.expires_at is not null then
    exp_s := least(exp_s, extract(epoch from tok.expires_at)::bigint);
  end if;
  return jsonb_build_array(jsonb_build_object(
    'token', private.sign_jwt(jsonb_strip_nulls(jsonb_build_object(
      'sub', account.id,
      'role', 'authenticated',
      'aud', coalesce(private.setting('jwt_aud'), 'authenticated'),
      'email', account.email,
      'app_roles', app.role_names(account.id),
      'session_id', session_id,
      'token_id', tok.id,
      'scopes', to_jsonb(tok.scopes),
      'folder_id', tok.folder_id,
      'iat', now_s,
      'exp', exp_s))),
    'token_type', 'bearer',
    'expires_in', exp_s - now_s,
    'expires_at', exp_s,
    'scopes', to_jsonb(tok.scopes),
    'folder_id', tok.folder_id,
    'user', private.user_json(account.id)
  ));
end
$$;
comment on function api.token_from_access_token(text) is
  'Exchanges a personal access token for a short-lived JWT limited to its scopes and folder: [{token, expires_in, expires_at, scopes, folder_id, user}]. 401 for a wrong, expired or revoked token; 429 after repeated failures.';
grant execute on function api.token_from_access_token(text) to anon, authenticated;

/* Readers of the token list: the owner, from a password session. */
create policy "users read their own access tokens from a password session" on app.access_tokens
  for select to authenticated
  using (user_id = (select app.current_user_id()) and (select app.token_scopes()) is null);

create view api.my_access_tokens
with (security_invoker = true)
as
  select t.id, t.name, t.prefix, t.scopes, t.folder_id, t.created_at, t.last_used_at, t.expires_at, t.revoked_at,
    case
      when t.revoked_at is not null then 'revoked'
      when t.expires_at <= now() then 'expired'
      else 'active'
    end as state
  from app.access_tokens t
  where t.user_id = (select app.current_user_id())
  order by t.created_at desc;
comment on view api.my_access_tokens is 'Your personal access tokens, newest first: name, prefix, scopes, folder, created, last used, expiry and state (never the secret).';
grant select on api.my_access_tokens to authenticated;
