-- Roles and permissions (RBAC), held in tables so a change takes effect on
-- the caller's next request, not when their token expires.
--
-- A permission is named `resource.action` (`users.read`, `files.read_all_metadata`).
-- Roles bundle permissions; users hold roles. Four system roles are seeded:
-- `superadmin` (everything, always), `admin`, `editor` (every new user) and
-- `viewer`. System roles and permissions cannot be deleted or renamed.
--
-- Policies ask `app.user_has_permission('x.y')` wrapped in a sub-select so
-- Postgres evaluates it once per query. Changes go only through the admin
-- functions (the admin migration); the API roles hold no write privilege here.

create table app.roles (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (name ~ '^[a-z][a-z0-9_]{1,39}$'),
  description text not null default '' check (char_length(description) <= 500),
  is_system boolean not null default false,
  created_at timestamptz not null default now()
);
alter table app.roles enable row level security;
comment on table app.roles is 'RBAC roles; system roles (superadmin, admin, editor, viewer) cannot be deleted or renamed.';

create table app.permissions (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (name ~ '^[a-z][a-z0-9_]{0,39}\.[a-z][a-z0-9_]{0,39}$'),
  description text not null default '' check (char_length(description) <= 500),
  is_system boolean not null default false,
  created_at timestamptz not null default now()
);
alter table app.permissions enable row level security;
comment on table app.permissions is 'RBAC permissions named resource.action.';

create table app.role_permissions (
  role_id uuid not null references app.roles (id) on delete cascade,
  permission_id uuid not null references app.permissions (id) on delete cascade,
  primary key (role_id, permission_id)
);
alter table app.role_permissions enable row level security;
create index role_permissions_permission on app.role_permissions (permission_id);

create table app.user_roles (
  user_id uuid not null references app.users (id) on delete cascade,
  role_id uuid not null references app.roles (id) on delete cascade,
  granted_by uuid references app.users (id) on delete set null,
  granted_at timestamptz not null default now(),
  primary key (user_id, role_id)
);
alter table app.user_roles enable row level security;
create index user_roles_role on app.user_roles (role_id);

revoke all on app.roles, app.permissions, app.role_permissions, app.user_roles from public, anon, authenticated;
grant select on app.roles, app.permissions, app.role_permissions, app.user_roles to authenticated;
grant all on app.roles, app.permissions, app.role_permissions, app.user_roles to service_role;

/* The seed: system roles, system permissions and what each role may do. */
insert into app.roles (name, description, is_system) values
  ('superadmin', 'Everything, including managing roles and permissions.', true),
  ('admin', 'Manages users and reads every account''s metadata and logs.', true),
  ('editor', 'Creates and changes their own files. Every new user.', true),
  ('viewer', 'Reads what is shared with them; cannot upload.', true);

insert into app.permissions (name, description, is_system) values
  ('users.read', 'List and search every account.', true),
  ('users.manage', 'Disable and enable accounts, grant and revoke roles.', true),
  ('roles.manage', 'Create, rename and delete roles and permissions and map them.', true),
  ('files.write', 'Upload and change one''s own files.', true),
  ('files.read_all_metadata', 'Read the metadata (not the bytes) of every user''s files.', true),
  ('logs.read', 'Read the whole activity log.', true),
  ('payments.read_all', 'Read every payment.', true);

insert into app.role_permissions (role_id, permission_id)
select r.id, p.id
from app.roles r
join app.permissions p on
  r.name = 'superadmin'
  or (r.name = 'admin' and p.name in ('users.read', 'users.manage', 'files.write', 'files.read_all_metadata', 'logs.read', 'payments.read_all'))
  or (r.name = 'editor' and p.name in ('files.write'));

/* Does the caller hold this role? Reads the tables, so it is never stale. */
create or replace function app.user_has_role(role_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select from app.user_roles ur
    join app.roles r on r.id = ur.role_id
    where ur.user_id = app.current_user_id() and r.name = role_name
  )
$$;
comment on function app.user_has_role(text) is 'True when the signed-in caller holds the named role.';

/* Does the caller hold this permission through a role? A superadmin holds every one. */
create or replace function app.user_has_permission(permission_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
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
comment on function app.user_has_permission(text) is 'True when the signed-in caller holds the permission through any of their roles (superadmin: always).';

/* The role names a user holds, for the `app_roles` claim. */
create or replace function app.role_names(user_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(r.name order by r.name), '[]'::jsonb)
  from app.user_roles ur
  join app.roles r on r.id = ur.role_id
  where ur.user_id = role_names.user_id
$$;

grant execute on function app.user_has_role(text) to anon, authenticated, service_role;
grant execute on function app.user_has_permission(text) to anon, authenticated, service_role;
grant execute on function app.role_names(uuid) to service_role;

/* Every new account starts as an editor. */
create or replace function app.grant_default_role()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into app.user_roles (user_id, role_id)
  select new.id, r.id from app.roles r where r.name = 'editor'
  on conflict do nothing;
  return new;
end
$$;

create trigger users_grant_default_role
  after insert on app.users
  for each row execute function app.grant_default_role();

/* Role and permission names are not secret: signed-in users may read them. */
create policy "signed-in users read roles" on app.roles
  for select to authenticated using (true);
create policy "signed-in users read permissions" on app.permissions
  for select to authenticated using (true);
create policy "signed-in users read which permissions each role has" on app.role_permissions
  for select to authenticated using (true);

create policy "users read their own roles" on app.user_roles
  for select to authenticated
  using (user_id = (select app.current_user_id()));
create policy "holders of users.read read everyone's roles" on app.user_roles
  for select to authenticated
  using ((select app.user_has_permission('users.read')));

create policy "holders of logs.read read the whole activity log" on app.activity_log
  for select to authenticated
  using ((select app.user_has_permission('logs.read')));

/* The caller's roles and permissions, for the web client to shape its menus. */
create or replace view api.my_roles
with (security_invoker = true)
as
  select r.name, r.description
  from app.user_roles ur
  join app.roles r on r.id = ur.role_id
  where ur.user_id = (select app.current_user_id());
comment on view api.my_roles is 'The roles the signed-in user holds.';
grant select on api.my_roles to authenticated;

create or replace view api.my_permissions
with (security_invoker = true)
as
  select distinct p.name, p.description
  from app.user_roles ur
  join app.roles r on r.id = ur.role_id
  join app.permissions p on r.name = 'superadmin' or exists (
    select from app.role_permissions rp where rp.role_id = r.id and rp.permission_id = p.id
  )
  where ur.user_id = (select app.current_user_id());
comment on view api.my_permissions is 'The permissions the signed-in user holds through their roles.';
grant select on api.my_permissions to authenticated;
