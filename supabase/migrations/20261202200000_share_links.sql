/*
 * Share links: "anyone with the link" for one file or one folder, with the
 * options people expect of a drive and the ones they complain are missing:
 * an expiry, a password, a download limit that counts exactly, and a type
 * that decides what the link does:
 *
 *   view          preview and download (a folder: browse, items, a zip)
 *   edit          a folder: view, plus upload into it (never outside it)
 *   file_drop     a folder: visitors upload and see nothing of what is there
 *   preview_only  previews only: the raw-bytes routes refuse this link
 *
 * The token (32 random bytes, 43 base64url characters) is shown once, when
 * the link is made; only its SHA-256 is stored, so a copy of the tables (a
 * backup, an admin's query) opens nothing. Passwords are bcrypt hashes.
 *
 * Policy lives in private.settings, separately for each type, and
 * `rpc/sharing_policy` publishes it so the web can give live feedback:
 *
 *   sharing.<type>.default_expiry_days   7     a link made without an expiry gets one
 *   sharing.<type>.max_expiry_days       30    counted from today, so a link can be extended
 *   sharing.<type>.allow_no_expiry       false whether `expires_at => 'infinity'` is allowed
 *   sharing.<type>.password_required     false for view, file_drop, preview_only; true for edit
 *   sharing.<type>.min_password_length   10
 *
 * Today's public files (`visibility: public`, /functions/v1/files/public/<token>)
 * are `view` links without password: each one has a share link row with the
 * same token hash (from_public_link), kept in step with app.public_links, so
 * a token handed out before works on both routes, and revoking the link
 * makes the file private.
 *
 * The routes that serve links (access, listing, downloads, uploads) are in
 * the next migrations; this one is the owner's side and the admin's.
 */

insert into private.settings (key, value)
select format('sharing.%s.%s', t.type, s.name), s.value
from (values ('view'), ('edit'), ('file_drop'), ('preview_only')) t (type)
cross join lateral (values
  ('default_expiry_days', '7'),
  ('max_expiry_days', '30'),
  ('allow_no_expiry', 'false'),
  ('password_required', case when t.type = 'edit' then 'true' else 'false' end),
  ('min_password_length', '10')
) s (name, value)
on conflict (key) do nothing;

/* The policy of one link type as the settings say it (sane floors, so a typo cannot open everything). */
create or replace function private.sharing_policy(link_type text)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'default_expiry_days', greatest(private.setting_int(p || 'default_expiry_days', 7), 0),
    'max_expiry_days', greatest(private.setting_int(p || 'max_expiry_days', 30), 1),
    'allow_no_expiry', coalesce(private.setting(p || 'allow_no_expiry') = 'true', false),
    'password_required', coalesce(private.setting(p || 'password_required') = 'true', link_type = 'edit'),
    'min_password_length', greatest(private.setting_int(p || 'min_password_length', 10), 1)
  )
  from (select format('sharing.%s.', link_type) as p) x
$$;

create or replace function api.sharing_policy()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_object_agg(t.type, private.sharing_policy(t.type))
  from (values ('view'), ('edit'), ('file_drop'), ('preview_only')) t (type)
$$;
comment on function api.sharing_policy() is
  'The share link policy for each type (view, edit, file_drop, preview_only): default_expiry_days, max_expiry_days (counted from today), allow_no_expiry, password_required, min_password_length.';
grant execute on function api.sharing_policy() to anon, authenticated;

/* Admins may see and revoke every link: forgotten links are the hole nobody else closes. */
insert into app.permissions (name, description, is_system)
values ('shares.read_all', 'List every active share link and revoke any of them.', true)
on conflict (name) do nothing;
insert into app.role_permissions (role_id, permission_id)
select r.id, p.id from app.roles r, app.permissions p
where r.name = 'admin' and p.name = 'shares.read_all'
on conflict do nothing;

/*
 * One row per link, kept after it is revoked or expires (the owner sees what
 * was handed out). `downloads` counts completed byte deliveries; a link at
 * `max_downloads` stops serving but stays, so the owner can raise the limit.
 */
create table app.share_links (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references app.users (id) on delete cascade,
  file_id uuid references app.files (id) on delete cascade,
  folder_id uuid references app.folders (id) on delete cascade,
  type text not null check (type in ('view', 'edit', 'file_drop', 'preview_only')),
  token_hash bytea not null unique,
  label text check (char_length(label) <= 200),
  note text check (char_length(note) <= 2000),
  expires_at timestamptz,
  password_hash text,
  has_password boolean generated always as (password_hash is not null) stored,
  max_downloads integer check (max_downloads > 0),
  downloads integer not null default 0 check (downloads >= 0),
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revoked_at timestamptz,
  from_public_link boolean not null default false,
  constraint share_links_one_item check (num_nonnulls(file_id, folder_id) = 1),
  constraint share_links_folder_types check (folder_id is not null or type in ('view', 'preview_only'))
);
alter table app.share_links enable row level security;
comment on table app.share_links is 'Share links: the SHA-256 of the token (never the token), type, options and counters.';
create index share_links_owner on app.share_links (owner_id, created_at desc);
create index share_links_file on app.share_links (file_id) where file_id is not null;
create index share_links_folder on app.share_links (folder_id) where folder_id is not null;
create index share_links_active on app.share_links (created_at desc) where revoked_at is null;

-- The hashes never leave the database: the columns a reader may select are named.
revoke all on app.share_links from public, anon, authenticated;
grant select (id, owner_id, file_id, folder_id, type, label, note, expires_at, has_password, max_downloads,
  downloads, last_used_at, created_at, updated_at, revoked_at, from_public_link) on app.share_links to authenticated;
grant all on app.share_links to service_role;
create policy "owners, and holders of shares.read_all, read share links" on app.share_links
  for select to authenticated
  using (owner_id = (select app.current_user_id()) or (select app.user_has_permission('shares.read_all')));

create trigger share_links_touch before update on app.share_links
  for each row execute function app.touch_updated_at();

/* What a link is now: active, expired, limit_reached or revoked (from columns: a whole row would need the hashes). */
create or replace function app.share_link_state(revoked_at timestamptz, expires_at timestamptz, downloads integer, max_downloads integer)
returns text
language sql
stable
set search_path = ''
as $$
  select case
    when revoked_at is not null then 'revoked'
    when expires_at is not null and expires_at <= now() then 'expired'
    when max_downloads is not null and downloads >= max_downloads then 'limit_reached'
    else 'active'
  end
$$;
comment on function app.share_link_state(timestamptz, timestamptz, integer, integer) is 'active, expired, limit_reached or revoked.';
grant execute on function app.share_link_state(timestamptz, timestamptz, integer, integer) to anon, authenticated, service_role;

/* A new link token: 32 random bytes as 43 base64url characters (the shape of public link tokens). */
create or replace function private.new_link_token()
returns text
language sql
volatile
set search_path = ''
as $$
  select private.base64url(extensions.gen_random_bytes(32))
$$;

/* The owner's view of one link, as the rpc functions answer it. */
create or replace function app.share_link_json(link_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', l.id, 'owner_id', l.owner_id, 'file_id', l.file_id, 'folder_id', l.folder_id,
    'item_name', coalesce(f.name, d.name), 'type', l.type, 'label', l.label, 'note', l.note,
    'expires_at', l.expires_at, 'has_password', l.has_password, 'max_downloads', l.max_downloads,
    'downloads', l.downloads, 'last_used_at', l.last_used_at, 'created_at', l.created_at,
    'updated_at', l.updated_at, 'revoked_at', l.revoked_at, 'from_public_link', l.from_public_link,
    'state', app.share_link_state(l.revoked_at, l.expires_at, l.downloads, l.max_downloads)
  )
  from app.share_links l
  left join app.files f on f.id = l.file_id
  left join app.folders d on d.id = l.folder_id
  where l.id = link_id
$$;

/*
 * The expiry a link gets from what its owner asked: null keeps `current`
 * (a new link: the type's default), 'infinity' asks for none (only where
 * the policy allows), anything else must lie in the future and within the
 * maximum counted from today.
 */
create or replace function private.share_link_expiry(link_type text, wanted timestamptz, current timestamptz, is_new boolean)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
declare
  policy jsonb := private.sharing_policy(link_type);
  max_days integer := (policy ->> 'max_expiry_days')::integer;
  default_days integer := (policy ->> 'default_expiry_days')::integer;
begin
  if wanted is null and not is_new then
    return current;
  end if;
  if wanted is null then
    if default_days > 0 then
      return now() + make_interval(days => least(default_days, max_days));
    end if;
    wanted := 'infinity';
  end if;
  if wanted = 'infinity' then
    if not (policy ->> 'allow_no_expiry')::boolean then
      raise exception using errcode = 'PT400',
        message = format('A %s link must expire: at most %s days from today.', link_type, max_days);
    end if;
    return null;
  end if;
  if wanted <= now() then
    raise exception using errcode = 'PT400', message = 'The expiry must be in the future.';
  end if;
  if wanted > now() + make_interval(days => max_days) then
    raise exception using errcode = 'PT400',
      message = format('A %s link can expire at most %s days from today.', link_type, max_days);
  end if;
  return wanted;
end
$$;

/* The bcrypt hash of a link password, after the policy's checks; null for none (where allowed). */
create or replace function private.share_link_password(link_type text, password text)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  policy jsonb := private.sharing_policy(link_type);
  min_length integer := (policy ->> 'min_password_length')::integer;
begin
  if password is null or password = '' then
    if (policy ->> 'password_required')::boolean then
      raise exception using errcode = 'PT400',
        message = format('A %s link needs a password of at least %s characters.', link_type, min_length);
    end if;
    return null;
  end if;
  if char_length(password) < min_length then
    raise exception using errcode = 'PT400',
      message = format('A link password needs at least %s characters.', min_length);
  end if;
  if octet_length(password) > 1000 then
    raise exception using errcode = 'PT400', message = 'A link password can be at most 1000 bytes long.';
  end if;
  -- bcrypt at the accounts' cost (bcrypt_cost, 10 by default).
  return private.hash_password(password);
end
$$;

/* A label or note as stored: trimmed, empty is none, visible text only. */
create or replace function private.share_link_text(raw text, what text, max_length integer)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  cleaned text := nullif(btrim(raw), '');
begin
  if cleaned is null then
    return null;
  end if;
  if char_length(cleaned) > max_length then
    raise exception using errcode = 'PT400', message = format('%s can be at most %s characters long.', what, max_length);
  end if;
  perform app.assert_visible_text(cleaned, what);
  return cleaned;
end
$$;

/*
 * Makes a link to one of the caller's files or folders (not in the trash).
 * Answers the link with its `token`, shown this once, and the `url` of its
 * public page.
 */
create or replace function api.create_share_link(
  file_id uuid default null,
  folder_id uuid default null,
  type text default 'view',
  expires_at timestamptz default null,
  password text default null,
  max_downloads integer default null,
  label text default null,
  note text default null
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  link_type text := coalesce(create_share_link.type, 'view');
  token text := private.new_link_token();
  link app.share_links;
begin
  perform app.require_live_session();
  if link_type not in ('view', 'edit', 'file_drop', 'preview_only') then
    raise exception using errcode = 'PT400', message = 'type must be view, edit, file_drop or preview_only.';
  end if;
  if num_nonnulls(create_share_link.file_id, create_share_link.folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if create_share_link.file_id is not null and link_type in ('edit', 'file_drop') then
    raise exception using errcode = 'PT400', message = format('A %s link shares a folder, not a file.', link_type);
  end if;
  if create_share_link.file_id is not null and not exists (
    select from app.files f where f.id = create_share_link.file_id and f.owner_id = uid and f.trashed_at is null
  ) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  if create_share_link.folder_id is not null and not exists (
    select from app.folders d where d.id = create_share_link.folder_id and d.owner_id = uid and d.trashed_at is null
  ) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  if create_share_link.max_downloads is not null and create_share_link.max_downloads < 1 then
    raise exception using errcode = 'PT400', message = 'max_downloads must be 1 or more (or none).';
  end if;

  insert into app.share_links (owner_id, file_id, folder_id, type, token_hash, label, note, expires_at, password_hash, max_downloads)
  values (
    uid, create_share_link.file_id, create_share_link.folder_id, link_type, extensions.digest(token, 'sha256'),
    private.share_link_text(create_share_link.label, 'A label', 200),
    private.share_link_text(create_share_link.note, 'A note', 2000),
    private.share_link_expiry(link_type, create_share_link.expires_at, null, true),
    private.share_link_password(link_type, create_share_link.password),
    create_share_link.max_downloads
  )
  returning * into link;

  perform app.log_activity('share_link.create', null, 'share_link', link.id::text, jsonb_build_object(
    'type', link.type, 'file_id', link.file_id, 'folder_id', link.folder_id, 'expires_at', link.expires_at,
    'has_password', link.has_password, 'max_downloads', link.max_downloads));
  return app.share_link_json(link.id)
    || jsonb_build_object('token', token, 'url', private.site_url() || '/s/' || token);
end
$$;
comment on function api.create_share_link(uuid, uuid, text, timestamptz, text, integer, text, text) is
  'Makes a share link to one of your files or folders: type view, edit, file_drop or preview_only; expires_at (default and maximum from rpc/sharing_policy, ''infinity'' for none where allowed), password, max_downloads, label, note. Answers the link with its token (shown once) and url.';
grant execute on function api.create_share_link(uuid, uuid, text, timestamptz, text, integer, text, text) to authenticated;

/*
 * Changes a live link of the caller's. A null argument leaves that option
 * as it is; `password => ''` removes the password, `max_downloads => 0` the
 * limit, `expires_at => 'infinity'` the expiry (each where the policy
 * allows). A new password ends every access token the old one granted.
 */
create or replace function api.update_share_link(
  link_id uuid,
  label text default null,
  note text default null,
  expires_at timestamptz default null,
  password text default null,
  max_downloads integer default null
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  link app.share_links;
  changed text[] := '{}';
begin
  perform app.require_live_session();
  select * into link from app.share_links l where l.id = update_share_link.link_id and l.owner_id = uid for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'Link not found.';
  end if;
  if link.revoked_at is not null then
    raise exception using errcode = 'PT409', message = 'This link was revoked: make a new one.';
  end if;
  if update_share_link.max_downloads is not null and update_share_link.max_downloads < 0 then
    raise exception using errcode = 'PT400', message = 'max_downloads must be 1 or more (0 for no limit).';
  end if;
  if update_share_link.label is not null then
    link.label := private.share_link_text(update_share_link.label, 'A label', 200);
    changed := changed || 'label'::text;
  end if;
  if update_share_link.note is not null then
    link.note := private.share_link_text(update_share_link.note, 'A note', 2000);
    changed := changed || 'note'::text;
  end if;
  if update_share_link.expires_at is not null then
    link.expires_at := private.share_link_expiry(link.type, update_share_link.expires_at, link.expires_at, false);
    changed := changed || 'expires_at'::text;
  end if;
  if update_share_link.password is not null then
    link.password_hash := private.share_link_password(link.type, update_share_link.password);
    changed := changed || 'password'::text;
    delete from app.share_link_access a where a.link_id = link.id;
  end if;
  if update_share_link.max_downloads is not null then
    link.max_downloads := nullif(update_share_link.max_downloads, 0);
    changed := changed || 'max_downloads'::text;
  end if;
  update app.share_links l
  set label = link.label, note = link.note, expires_at = link.expires_at, password_hash = link.password_hash,
      max_downloads = link.max_downloads
  where l.id = link.id;
  perform app.log_activity('share_link.update', null, 'share_link', link.id::text,
    jsonb_build_object('changed', to_jsonb(changed)));
  return app.share_link_json(link.id);
end
$$;
comment on function api.update_share_link(uuid, text, text, timestamptz, text, integer) is
  'Changes one of your live links: null leaves an option as it is; password '''' removes the password, max_downloads 0 the limit, expires_at ''infinity'' the expiry (where the policy allows). Raising max_downloads revives a link at its limit.';
grant execute on function api.update_share_link(uuid, text, text, timestamptz, text, integer) to authenticated;

/*
 * Short-lived access tokens a correct password grants (see the next
 * migration); here because changing the password or revoking ends them.
 */
create table app.share_link_access (
  token_hash bytea primary key,
  link_id uuid not null references app.share_links (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
alter table app.share_link_access enable row level security;
comment on table app.share_link_access is 'Access tokens granted by a link''s password: only their SHA-256, and when they end.';
create index share_link_access_link on app.share_link_access (link_id);
create index share_link_access_expiry on app.share_link_access (expires_at);
revoke all on app.share_link_access from public, anon, authenticated;
grant all on app.share_link_access to service_role;
-- Nobody reads tokens through the API; the policy only says so to the catalog test.
create policy "nobody reads link access tokens" on app.share_link_access
  for select to authenticated using (false);

/*
 * Ends a link at once: its owner, or a holder of shares.read_all. A link of
 * a public file makes the file private (the old route stops too).
 */
create or replace function api.revoke_share_link(link_id uuid)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
  link app.share_links;
  as_admin boolean;
begin
  perform app.require_live_session();
  select * into link from app.share_links l where l.id = revoke_share_link.link_id for update;
  as_admin := found and link.owner_id <> uid and app.user_has_permission('shares.read_all');
  if not found or (link.owner_id <> uid and not as_admin) then
    raise exception using errcode = 'PT404', message = 'Link not found.';
  end if;
  if link.revoked_at is null then
    update app.share_links l set revoked_at = now() where l.id = link.id;
    delete from app.share_link_access a where a.link_id = link.id;
    if link.from_public_link then
      delete from app.public_links p where p.file_id = link.file_id and p.token_hash = link.token_hash;
      update app.files f set visibility = 'private' where f.id = link.file_id and f.visibility = 'public'
        and not exists (select from app.public_links p where p.file_id = f.id);
    end if;
    perform app.log_activity('share_link.revoke', null, 'share_link', link.id::text,
      jsonb_build_object('owner_id', link.owner_id, 'by_admin', as_admin, 'type', link.type));
  end if;
  return app.share_link_json(link.id);
end
$$;
comment on function api.revoke_share_link(uuid) is
  'Ends a link at once (yours, or any with shares.read_all); a public file''s link makes the file private. Answers the link.';
grant execute on function api.revoke_share_link(uuid) to authenticated;

/* The owner's links, every state: what was handed out, how often it was used. */
create view api.share_links with (security_invoker = true) as
select l.id, l.file_id, l.folder_id, coalesce(f.name, d.name) as item_name, l.type, l.label, l.note, l.expires_at,
  l.has_password, l.max_downloads, l.downloads, l.last_used_at, l.created_at, l.updated_at, l.revoked_at,
  l.from_public_link, app.share_link_state(l.revoked_at, l.expires_at, l.downloads, l.max_downloads) as state
from app.share_links l
left join app.files f on f.id = l.file_id
left join app.folders d on d.id = l.folder_id
where l.owner_id = (select app.current_user_id());
comment on view api.share_links is
  'Your share links: type, options, downloads, last_used_at and state (active, expired, limit_reached, revoked). The token is shown only when a link is made.';
comment on column api.share_links.state is 'active, expired, limit_reached (raise max_downloads to revive it) or revoked.';
comment on column api.share_links.from_public_link is 'The link of a public file (visibility public): its token also works at /functions/v1/files/public/<token>.';
grant select on api.share_links to authenticated;

/* Every live link of everyone, for holders of shares.read_all: who shared what, and how it is used. */
create or replace function api.admin_share_links(page integer default 1, per_page integer default 50)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  total bigint;
  rows jsonb;
begin
  perform app.require_live_session();
  perform private.require_permission('shares.read_all');
  if page is null or page < 1 or per_page is null or per_page < 1 or per_page > 200 then
    raise exception using errcode = 'PT400', message = 'page must be 1 or more and per_page between 1 and 200';
  end if;
  select count(*) into total from app.share_links l
  where l.revoked_at is null and (l.expires_at is null or l.expires_at > now());
  select coalesce(jsonb_agg(x.j order by x.created_at desc, x.id), '[]') into rows
  from (
    select l.id, l.created_at, jsonb_build_object(
      'id', l.id, 'owner_id', l.owner_id, 'owner_email', u.email, 'owner_name', u.name,
      'item_type', case when l.file_id is not null then 'file' else 'folder' end,
      'item_name', coalesce(f.name, d.name), 'type', l.type, 'created_at', l.created_at,
      'last_used_at', l.last_used_at, 'expires_at', l.expires_at, 'downloads', l.downloads,
      'max_downloads', l.max_downloads, 'has_password', l.has_password, 'state', app.share_link_state(l.revoked_at, l.expires_at, l.downloads, l.max_downloads)
    ) as j
    from app.share_links l
    join app.users u on u.id = l.owner_id
    left join app.files f on f.id = l.file_id
    left join app.folders d on d.id = l.folder_id
    where l.revoked_at is null and (l.expires_at is null or l.expires_at > now())
    order by l.created_at desc, l.id
    limit per_page offset (page - 1)::bigint * per_page
  ) x;
  return jsonb_build_object('links', rows, 'total', total, 'page', page, 'per_page', per_page);
end
$$;
comment on function api.admin_share_links(integer, integer) is
  'Needs shares.read_all. Every live share link, newest first: owner, item, type, created, last used, expiry, downloads. Revoke one with rpc/revoke_share_link.';
grant execute on function api.admin_share_links(integer, integer) to authenticated;

/*
 * Public files are view links. Every public_links row has a share link with
 * the same token hash; a new token (made public again) revokes the old link
 * and adds the new one; making the file private revokes it.
 */
create or replace function app.public_links_sync()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update app.share_links l set revoked_at = now()
    where l.file_id = old.file_id and l.from_public_link and l.revoked_at is null
      and (tg_op = 'DELETE' or l.token_hash <> new.token_hash);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into app.share_links (owner_id, file_id, type, token_hash, created_at, from_public_link)
    values (new.owner_id, new.file_id, 'view', new.token_hash, new.created_at, true)
    on conflict (token_hash) do nothing;
  end if;
  return null;
end
$$;
create trigger public_links_sync after insert or update or delete on app.public_links
  for each row execute function app.public_links_sync();

insert into app.share_links (owner_id, file_id, type, token_hash, created_at, from_public_link)
select p.owner_id, p.file_id, 'view', p.token_hash, p.created_at, true from app.public_links p
on conflict (token_hash) do nothing;
