-- The admin console's reads on accounts and roles: one call per screen.
--
--   * rpc/admin_users: the user list with search, filters (role, status,
--     plan) and a keyset cursor on (created_at desc, id desc), so page 500
--     costs what page 1 does and a user signing up meanwhile shifts nothing.
--   * rpc/admin_user: one account's page (roles, live sessions, storage,
--     subscription, recent activity).
--   * rpc/admin_roles: the role x permission matrix in one call.
--
-- New permissions for the console's other pages: system.read (the system
-- page) and payments.manage (settling a reviewed payment). The superadmin
-- holds every permission anyway; the matrix shows it, so the rows are
-- written too. Admins get the read one.

insert into app.permissions (name, description, is_system) values
  ('system.read', 'Read the system page: versions, migrations, queues, job failures, settings (secrets masked).', true),
  ('payments.manage', 'Settle a payment that needs review, with a reason.', true)
on conflict (name) do nothing;

insert into app.role_permissions (role_id, permission_id)
select r.id, p.id
from app.roles r
join app.permissions p on
  r.name = 'superadmin'
  or (r.name = 'admin' and p.name in ('system.read', 'shares.read_all'))
on conflict do nothing;

/* Newest accounts first, and the keyset of the user list. */
create index users_created_id on app.users (created_at desc, id desc);

/* An account's state as the console names it. */
create or replace function private.account_status(disabled_at timestamptz, email_confirmed_at timestamptz)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when disabled_at is not null then 'disabled'
    when email_confirmed_at is null then 'unconfirmed'
    else 'active'
  end
$$;

/*
 * The opaque cursor of a keyset page: the last row's created_at (in
 * microseconds since the epoch, exact) and its id, base64-encoded.
 */
create or replace function private.keyset_cursor(created_at timestamptz, id text)
returns text
language sql
immutable
set search_path = ''
as $$
  select translate(encode(convert_to(
    (extract(epoch from keyset_cursor.created_at) * 1000000)::bigint::text || ',' || keyset_cursor.id, 'utf8'), 'base64'),
    E'+/=\n', '-_')
$$;

/* A cursor read back: (created_at, id as text), or a 400 when it was not made by keyset_cursor. */
create or replace function private.keyset_position(cursor text, out created_at timestamptz, out id text)
language plpgsql
immutable
set search_path = ''
as $$
declare
  raw text;
  padded text := translate(cursor, '-_', '+/');
begin
  padded := padded || repeat('=', (4 - length(padded) % 4) % 4);
  raw := convert_from(decode(padded, 'base64'), 'utf8');
  if raw !~ '^-?[0-9]{1,19},[0-9a-f-]{1,36}$' then
    raise exception 'bad cursor';
  end if;
  created_at := 'epoch'::timestamptz + (split_part(raw, ',', 1) || ' microseconds')::interval;
  id := split_part(raw, ',', 2);
exception
  when others then
    raise exception using errcode = 'PT400', message = 'This cursor is not one a page answered',
      hint = 'Pass back the `next` of the previous page as `before`.';
end
$$;

/* The page size a request asks for: 50 by default, 1 to 200. */
create or replace function private.page_limit(requested integer)
returns integer
language plpgsql
immutable
set search_path = ''
as $$
begin
  if requested is null then
    return 50;
  end if;
  if requested < 1 or requested > 200 then
    raise exception using errcode = 'PT400', message = 'limit must be between 1 and 200';
  end if;
  return requested;
end
$$;

/* One row of the user list. */
create or replace function private.admin_user_item(u app.users)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', u.id,
    'email', u.email,
    'display_name', u.name,
    'roles', coalesce(array(
      select r.name from app.user_roles ur join app.roles r on r.id = ur.role_id
      where ur.user_id = u.id order by r.name
    ), '{}'),
    'status', private.account_status(u.disabled_at, u.email_confirmed_at),
    'plan', app.current_plan(u.id),
    'used_bytes', coalesce((select a.used from app.storage_accounts a where a.owner_id = u.id), 0),
    'quota_bytes', app.storage_quota(u.id),
    'created_at', u.created_at,
    'last_sign_in_at', (select max(s.created_at) from app.sessions s where s.user_id = u.id)
  )
$$;

/*
 * The user list: newest first, searched by email or display name
 * (case-insensitive substring), filtered by role, status and plan, in
 * keyset pages: {items, next}; pass `next` back as `before`.
 */
create or replace function api.admin_users(
  q text default null,
  role text default null,
  status text default null,
  plan text default null,
  before text default null,
  "limit" integer default null
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  page_size integer;
  pattern text;
  after_at timestamptz;
  after_id uuid;
  found_rows app.users[];
  items jsonb;
  last_row app.users;
begin
  perform app.require_live_session();
  perform private.require_permission('users.read');
  page_size := private.page_limit(admin_users."limit");
  if length(q) > 200 then
    raise exception using errcode = 'PT400', message = 'Search is too long: at most 200 characters';
  end if;
  if status is not null and status not in ('active', 'disabled', 'unconfirmed') then
    raise exception using errcode = 'PT400', message = 'status is one of active, disabled, unconfirmed';
  end if;
  if role is not null and not exists (select from app.roles r where r.name = admin_users.role) then
    raise exception using errcode = 'PT400', message = 'No such role';
  end if;
  if plan is not null and not exists (select from app.plans p where p.code = admin_users.plan) then
    raise exception using errcode = 'PT400', message = 'No such plan';
  end if;
  if before is not null then
    select k.created_at, k.id::uuid into after_at, after_id from private.keyset_position(before) k;
  end if;
  pattern := '%' || app.like_escape(coalesce(btrim(q), '')) || '%';

  select array(
    select u from app.users u
    where (pattern = '%%' or u.email::text ilike pattern or coalesce(u.name, '') ilike pattern)
      and (admin_users.role is null or exists (
        select from app.user_roles ur join app.roles r on r.id = ur.role_id
        where ur.user_id = u.id and r.name = admin_users.role))
      and (admin_users.status is null or private.account_status(u.disabled_at, u.email_confirmed_at) = admin_users.status)
      and (admin_users.plan is null or app.current_plan(u.id) = admin_users.plan)
      and (after_at is null or (u.created_at, u.id) < (after_at, after_id))
    order by u.created_at desc, u.id desc
    limit page_size + 1
  ) into found_rows;

  select coalesce(jsonb_agg(private.admin_user_item(found_rows[n]) order by n), '[]') into items
  from generate_series(1, least(cardinality(found_rows), page_size)) n;
  if cardinality(found_rows) > page_size then
    last_row := found_rows[page_size];
    return jsonb_build_object('items', items, 'next', private.keyset_cursor(last_row.created_at, last_row.id::text));
  end if;
  return jsonb_build_object('items', items, 'next', null);
end
$$;
comment on function api.admin_users(text, text, text, text, text, integer) is
  'Needs users.read. Accounts newest first: q (email or name, case-insensitive substring), role, status (active, disabled, unconfirmed), plan; keyset pages of `limit` (50, at most 200): {items: [{id, email, display_name, roles, status, plan, used_bytes, quota_bytes, created_at, last_sign_in_at}], next}. Pass next back as before.';

/* One activity row as the console shows it (admin_logs and admin_user). */
create or replace function private.activity_item(l app.activity_log)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', l.id,
    'created_at', l.created_at,
    'actor_id', l.actor_id,
    'actor_email', (select u.email from app.users u where u.id = l.actor_id),
    'action', l.action,
    'target_type', l.target_type,
    'target_id', l.target_id,
    'meta', l.meta,
    'client_ip', host(l.client_ip),
    'user_agent', l.user_agent
  )
$$;

/*
 * One account's page: the account, its roles, its live sessions, its
 * storage, its paid subscription (null on the free plan) and the latest 20
 * events it did or that were done to it. 404 for an unknown id.
 */
create or replace function api.admin_user(user_id uuid default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  target app.users;
begin
  perform app.require_live_session();
  perform private.require_permission('users.read');
  select * into target from app.users u where u.id = admin_user.user_id;
  if target.id is null then
    raise exception using errcode = 'PT404', message = 'No such user';
  end if;
  return jsonb_build_object(
    'user', jsonb_build_object(
      'id', target.id,
      'email', target.email,
      'display_name', target.name,
      'status', private.account_status(target.disabled_at, target.email_confirmed_at),
      'created_at', target.created_at,
      'last_sign_in_at', (select max(s.created_at) from app.sessions s where s.user_id = target.id),
      'email_confirmed_at', target.email_confirmed_at
    ),
    'roles', coalesce(array(
      select r.name from app.user_roles ur join app.roles r on r.id = ur.role_id
      where ur.user_id = target.id order by r.name
    ), '{}'),
    'sessions', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', s.id, 'created_at', s.created_at, 'last_seen_at', coalesce(s.refreshed_at, s.created_at),
        'client_ip', host(s.client_ip), 'user_agent', s.user_agent
      ) order by s.created_at desc, s.id)
      from app.sessions s where s.user_id = target.id and s.ended_at is null
    ), '[]'),
    'storage', jsonb_build_object(
      'used_bytes', coalesce((select a.used from app.storage_accounts a where a.owner_id = target.id), 0),
      'quota_bytes', app.storage_quota(target.id),
      'files', (select count(*) from app.files f where f.owner_id = target.id and f.trashed_at is null)
    ),
    'subscription', (
      select jsonb_build_object('plan', s.plan_code, 'expires_at', s.ends_at)
      from app.subscriptions s join app.plans p on p.code = s.plan_code
      where s.user_id = target.id and s.starts_at <= now() and s.ends_at > now()
      order by p.quota_bytes desc, s.ends_at desc
      limit 1
    ),
    'activity', coalesce((
      select jsonb_agg(private.activity_item(x) order by x.created_at desc, x.id desc)
      from (
        select * from (
          (select l.* from app.activity_log l where l.actor_id = target.id
           order by l.created_at desc, l.id desc limit 20)
          union
          (select l.* from app.activity_log l where l.target_id = target.id::text and l.target_type = 'user'
           order by l.created_at desc, l.id desc limit 20)
        ) both_sides
        order by created_at desc, id desc
        limit 20
      ) x
    ), '[]')
  );
end
$$;
comment on function api.admin_user(uuid) is
  'Needs users.read. One account: {user: {id, email, display_name, status, created_at, last_sign_in_at, email_confirmed_at}, roles, sessions (live ones), storage: {used_bytes, quota_bytes, files}, subscription: {plan, expires_at} | null, activity (latest 20 by or on them)}. 404 for an unknown id.';

/* The role x permission matrix: every role with its holder count, every permission, every grant. */
create or replace function api.admin_roles()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform app.require_live_session();
  perform private.require_permission('roles.manage');
  return jsonb_build_object(
    'roles', coalesce((
      select jsonb_agg(jsonb_build_object(
        'name', r.name, 'description', r.description, 'is_system', r.is_system,
        'users', (select count(*) from app.user_roles ur where ur.role_id = r.id)
      ) order by r.is_system desc, r.created_at, r.name)
      from app.roles r
    ), '[]'),
    'permissions', coalesce((
      select jsonb_agg(jsonb_build_object('name', p.name, 'description', p.description, 'is_system', p.is_system)
        order by p.name)
      from app.permissions p
    ), '[]'),
    'grants', coalesce((
      select jsonb_agg(jsonb_build_object('role', r.name, 'permission', p.name) order by r.name, p.name)
      from app.role_permissions rp
      join app.roles r on r.id = rp.role_id
      join app.permissions p on p.id = rp.permission_id
    ), '[]')
  );
end
$$;
comment on function api.admin_roles() is
  'Needs roles.manage. The role x permission matrix: {roles: [{name, description, is_system, users}], permissions: [{name, description, is_system}], grants: [{role, permission}]}.';

grant execute on function
  api.admin_users(text, text, text, text, text, integer),
  api.admin_user(uuid),
  api.admin_roles()
to authenticated;
