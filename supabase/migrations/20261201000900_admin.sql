-- Administration: list and search users, disable and enable them, grant and
-- revoke roles; and, for superadmins only, create, rename and delete roles
-- and permissions and map them.
--
-- Rules that hold whatever the caller sends:
--   * users.read lists users; users.manage disables them and grants roles.
--   * Nobody grants or revokes a role holding a permission they lack, and
--     only a superadmin grants or revokes `superadmin` (no escalation).
--   * Nobody disables themselves; the last enabled superadmin can be neither
--     disabled nor demoted.
--   * System roles and permissions cannot be deleted or renamed.
-- Every change is written to the activity log.

/* Raises 42501 (403) unless the caller holds the permission. */
create or replace function private.require_permission(permission_name text)
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  me uuid := private.require_user();
begin
  if not app.user_has_permission(permission_name) then
    raise exception using errcode = '42501', message = format('You need the %s permission to do this', permission_name);
  end if;
  return me;
end
$$;

/* Raises 42501 unless the caller is a superadmin. */
create or replace function private.require_superadmin()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  me uuid := private.require_user();
begin
  if not app.user_has_role('superadmin') then
    raise exception using errcode = '42501', message = 'Only a superadmin can do this';
  end if;
  return me;
end
$$;

/* The number of enabled superadmins, counted under a lock so two demotions cannot race. */
create or replace function private.enabled_superadmins()
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  n integer;
begin
  perform pg_advisory_xact_lock(hashtext('pgdrive.superadmins'));
  select count(*) into n
  from app.user_roles ur
  join app.roles r on r.id = ur.role_id and r.name = 'superadmin'
  join app.users u on u.id = ur.user_id and u.disabled_at is null;
  return n;
end
$$;

/* An account as administrators see it. */
create or replace function private.admin_user_json(user_id uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', u.id,
    'email', u.email,
    'name', u.name,
    'avatar_url', u.avatar_url,
    'created_at', u.created_at,
    'disabled_at', u.disabled_at,
    'app_roles', app.role_names(u.id),
    'last_sign_in_at', (select max(s.created_at) from app.sessions s where s.user_id = u.id)
  )
  from app.users u
  where u.id = admin_user_json.user_id
$$;

/* The user a request names, or a 404. */
create or replace function private.existing_user(user_id uuid)
returns uuid
language plpgsql
stable
set search_path = ''
as $$
begin
  if user_id is null or not exists (select from app.users u where u.id = existing_user.user_id) then
    raise exception using errcode = 'PT404', message = 'No such user';
  end if;
  return user_id;
end
$$;

/* The role a request names, or a 404. */
create or replace function private.existing_role(role_name text)
returns app.roles
language plpgsql
stable
set search_path = ''
as $$
declare
  found app.roles;
begin
  select * into found from app.roles r where r.name = role_name;
  if found.id is null then
    raise exception using errcode = 'PT404', message = 'No such role';
  end if;
  return found;
end
$$;

/* The permission a request names, or a 404. */
create or replace function private.existing_permission(permission_name text)
returns app.permissions
language plpgsql
stable
set search_path = ''
as $$
declare
  found app.permissions;
begin
  select * into found from app.permissions p where p.name = permission_name;
  if found.id is null then
    raise exception using errcode = 'PT404', message = 'No such permission';
  end if;
  return found;
end
$$;

/*
 * Lists users, newest first, optionally filtered by a search on email and
 * name: {users: [...], total, page, per_page}.
 */
create or replace function api.admin_list_users(search text default null, page integer default 1, per_page integer default 50)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  pattern text;
  total bigint;
  rows jsonb;
begin
  perform private.require_permission('users.read');
  if length(search) > 200 then
    raise exception using errcode = 'PT400', message = 'Search is too long: at most 200 characters';
  end if;
  if page is null or page < 1 or per_page is null or per_page < 1 or per_page > 200 then
    raise exception using errcode = 'PT400', message = 'page must be 1 or more and per_page between 1 and 200';
  end if;
  pattern := '%' || replace(replace(replace(coalesce(btrim(search), ''), '\', '\\'), '%', '\%'), '_', '\_') || '%';
  select count(*) into total from app.users u
  where u.email::text ilike pattern or coalesce(u.name, '') ilike pattern;
  select coalesce(jsonb_agg(private.admin_user_json(x.id) order by x.created_at desc, x.id), '[]') into rows
  from (
    select u.id, u.created_at from app.users u
    where u.email::text ilike pattern or coalesce(u.name, '') ilike pattern
    order by u.created_at desc, u.id
    limit per_page offset (page - 1)::bigint * per_page
  ) x;
  return jsonb_build_object('users', rows, 'total', total, 'page', page, 'per_page', per_page);
end
$$;
comment on function api.admin_list_users(text, integer, integer) is
  'Needs users.read. Lists accounts newest first, searching email and name: {users, total, page, per_page}.';

/* Disables an account: it cannot sign in and every session ends at once. */
create or replace function api.admin_disable_user(user_id uuid default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_permission('users.manage');
  target uuid := private.existing_user(admin_disable_user.user_id);
begin
  if target = me then
    raise exception using errcode = 'PT400', message = 'You cannot disable your own account';
  end if;
  if exists (select from app.user_roles ur join app.roles r on r.id = ur.role_id
             where ur.user_id = target and r.name = 'superadmin') then
    if not app.user_has_role('superadmin') then
      raise exception using errcode = '42501', message = 'Only a superadmin can disable a superadmin';
    end if;
    if private.enabled_superadmins() <= 1 then
      raise exception using errcode = 'PT409', message = 'The last superadmin cannot be disabled';
    end if;
  end if;
  update app.users set disabled_at = coalesce(disabled_at, now()) where id = target;
  perform private.end_sessions(target, 'disabled');
  perform app.log_activity('admin.user_disabled', me, 'user', target::text);
  return private.admin_user_json(target);
end
$$;
comment on function api.admin_disable_user(uuid) is 'Needs users.manage. Disables an account and ends its sessions at once.';

/* Enables a disabled account again. */
create or replace function api.admin_enable_user(user_id uuid default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_permission('users.manage');
  target uuid := private.existing_user(admin_enable_user.user_id);
begin
  update app.users set disabled_at = null where id = target;
  perform app.log_activity('admin.user_enabled', me, 'user', target::text);
  return private.admin_user_json(target);
end
$$;
comment on function api.admin_enable_user(uuid) is 'Needs users.manage. Lets a disabled account sign in again.';

/* May the caller hand out (or take away) this role? */
create or replace function private.check_can_assign(target_role app.roles)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if target_role.name = 'superadmin' and not app.user_has_role('superadmin') then
    raise exception using errcode = '42501', message = 'Only a superadmin can grant or revoke superadmin';
  end if;
  if not app.user_has_role('superadmin') and exists (
    select from app.role_permissions rp
    join app.permissions p on p.id = rp.permission_id
    where rp.role_id = target_role.id and not app.user_has_permission(p.name)
  ) then
    raise exception using errcode = '42501', message = 'You cannot grant or revoke a role with permissions you do not hold';
  end if;
end
$$;

/* Grants a role to a user (idempotent). */
create or replace function api.admin_grant_role(user_id uuid default null, role text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_permission('users.manage');
  target uuid := private.existing_user(admin_grant_role.user_id);
  granted app.roles := private.existing_role(admin_grant_role.role);
begin
  perform private.check_can_assign(granted);
  insert into app.user_roles (user_id, role_id, granted_by) values (target, granted.id, me)
  on conflict do nothing;
  if found then
    perform app.log_activity('admin.role_granted', me, 'user', target::text, jsonb_build_object('role', granted.name));
  end if;
  return private.admin_user_json(target);
end
$$;
comment on function api.admin_grant_role(uuid, text) is 'Needs users.manage and every permission of the role (superadmin: superadmins only).';

/* Revokes a role from a user (idempotent); the last superadmin keeps theirs. */
create or replace function api.admin_revoke_role(user_id uuid default null, role text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_permission('users.manage');
  target uuid := private.existing_user(admin_revoke_role.user_id);
  revoked app.roles := private.existing_role(admin_revoke_role.role);
begin
  perform private.check_can_assign(revoked);
  if revoked.name = 'superadmin'
     and exists (select from app.user_roles ur where ur.user_id = target and ur.role_id = revoked.id)
     and exists (select from app.users u where u.id = target and u.disabled_at is null)
     and private.enabled_superadmins() <= 1 then
    raise exception using errcode = 'PT409', message = 'The last superadmin cannot be demoted';
  end if;
  delete from app.user_roles ur where ur.user_id = target and ur.role_id = revoked.id;
  if found then
    perform app.log_activity('admin.role_revoked', me, 'user', target::text, jsonb_build_object('role', revoked.name));
  end if;
  return private.admin_user_json(target);
end
$$;
comment on function api.admin_revoke_role(uuid, text) is 'Needs users.manage and every permission of the role; the last superadmin cannot be demoted.';

/* Turns a constraint violation on a role or permission name into a clear 4xx. */
create or replace function private.check_rbac_name(name text, kind text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if kind = 'role' and (name is null or name !~ '^[a-z][a-z0-9_]{1,39}$') then
    raise exception using errcode = 'PT400', message = 'A role name is 2 to 40 lowercase letters, digits or underscores, starting with a letter';
  elsif kind = 'permission' and (name is null or name !~ '^[a-z][a-z0-9_]{0,39}\.[a-z][a-z0-9_]{0,39}$') then
    raise exception using errcode = 'PT400', message = 'A permission name is resource.action in lowercase letters, digits or underscores';
  end if;
end
$$;

create or replace function api.admin_create_role(name text default null, description text default '')
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_superadmin();
begin
  perform private.check_rbac_name(admin_create_role.name, 'role');
  if char_length(admin_create_role.description) > 500 then
    raise exception using errcode = 'PT400', message = 'Description is too long: at most 500 characters';
  end if;
  insert into app.roles (name, description) values (admin_create_role.name, coalesce(admin_create_role.description, ''));
  perform app.log_activity('admin.role_created', me, 'role', admin_create_role.name);
exception
  when unique_violation then
    raise exception using errcode = 'PT409', message = 'A role with this name already exists';
end
$$;
comment on function api.admin_create_role(text, text) is 'Superadmins only. Creates a role.';

create or replace function api.admin_rename_role(name text default null, new_name text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_superadmin();
  target app.roles := private.existing_role(admin_rename_role.name);
begin
  perform private.check_rbac_name(admin_rename_role.new_name, 'role');
  if target.is_system then
    raise exception using errcode = 'PT409', message = 'System roles cannot be renamed';
  end if;
  update app.roles set name = admin_rename_role.new_name where id = target.id;
  perform app.log_activity('admin.role_renamed', me, 'role', target.id::text,
    jsonb_build_object('from', target.name, 'to', admin_rename_role.new_name));
exception
  when unique_violation then
    raise exception using errcode = 'PT409', message = 'A role with this name already exists';
end
$$;
comment on function api.admin_rename_role(text, text) is 'Superadmins only. Renames a role that is not a system role.';

create or replace function api.admin_delete_role(name text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_superadmin();
  target app.roles := private.existing_role(admin_delete_role.name);
begin
  if target.is_system then
    raise exception using errcode = 'PT409', message = 'System roles cannot be deleted';
  end if;
  delete from app.roles where id = target.id;
  perform app.log_activity('admin.role_deleted', me, 'role', target.id::text, jsonb_build_object('name', target.name));
end
$$;
comment on function api.admin_delete_role(text) is 'Superadmins only. Deletes a role that is not a system role; its holders lose it.';

create or replace function api.admin_create_permission(name text default null, description text default '')
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_superadmin();
begin
  perform private.check_rbac_name(admin_create_permission.name, 'permission');
  if char_length(admin_create_permission.description) > 500 then
    raise exception using errcode = 'PT400', message = 'Description is too long: at most 500 characters';
  end if;
  insert into app.permissions (name, description)
  values (admin_create_permission.name, coalesce(admin_create_permission.description, ''));
  perform app.log_activity('admin.permission_created', me, 'permission', admin_create_permission.name);
exception
  when unique_violation then
    raise exception using errcode = 'PT409', message = 'A permission with this name already exists';
end
$$;
comment on function api.admin_create_permission(text, text) is 'Superadmins only. Creates a permission named resource.action.';

create or replace function api.admin_rename_permission(name text default null, new_name text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_superadmin();
  target app.permissions := private.existing_permission(admin_rename_permission.name);
begin
  perform private.check_rbac_name(admin_rename_permission.new_name, 'permission');
  if target.is_system then
    raise exception using errcode = 'PT409', message = 'System permissions cannot be renamed';
  end if;
  update app.permissions set name = admin_rename_permission.new_name where id = target.id;
  perform app.log_activity('admin.permission_renamed', me, 'permission', target.id::text,
    jsonb_build_object('from', target.name, 'to', admin_rename_permission.new_name));
exception
  when unique_violation then
    raise exception using errcode = 'PT409', message = 'A permission with this name already exists';
end
$$;
comment on function api.admin_rename_permission(text, text) is 'Superadmins only. Renames a permission that is not a system permission.';

create or replace function api.admin_delete_permission(name text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_superadmin();
  target app.permissions := private.existing_permission(admin_delete_permission.name);
begin
  if target.is_system then
    raise exception using errcode = 'PT409', message = 'System permissions cannot be deleted';
  end if;
  delete from app.permissions where id = target.id;
  perform app.log_activity('admin.permission_deleted', me, 'permission', target.id::text, jsonb_build_object('name', target.name));
end
$$;
comment on function api.admin_delete_permission(text) is 'Superadmins only. Deletes a permission that is not a system permission.';

create or replace function api.admin_grant_permission(role text default null, permission text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_superadmin();
  target_role app.roles := private.existing_role(admin_grant_permission.role);
  target_permission app.permissions := private.existing_permission(admin_grant_permission.permission);
begin
  insert into app.role_permissions (role_id, permission_id) values (target_role.id, target_permission.id)
  on conflict do nothing;
  if found then
    perform app.log_activity('admin.permission_granted', me, 'role', target_role.id::text,
      jsonb_build_object('role', target_role.name, 'permission', target_permission.name));
  end if;
end
$$;
comment on function api.admin_grant_permission(text, text) is 'Superadmins only. Gives a role a permission.';

create or replace function api.admin_revoke_permission(role text default null, permission text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_superadmin();
  target_role app.roles := private.existing_role(admin_revoke_permission.role);
  target_permission app.permissions := private.existing_permission(admin_revoke_permission.permission);
begin
  delete from app.role_permissions rp where rp.role_id = target_role.id and rp.permission_id = target_permission.id;
  if found then
    perform app.log_activity('admin.permission_revoked', me, 'role', target_role.id::text,
      jsonb_build_object('role', target_role.name, 'permission', target_permission.name));
  end if;
end
$$;
comment on function api.admin_revoke_permission(text, text) is 'Superadmins only. Takes a permission away from a role.';

grant execute on function
  api.admin_list_users(text, integer, integer),
  api.admin_disable_user(uuid),
  api.admin_enable_user(uuid),
  api.admin_grant_role(uuid, text),
  api.admin_revoke_role(uuid, text),
  api.admin_create_role(text, text),
  api.admin_rename_role(text, text),
  api.admin_delete_role(text),
  api.admin_create_permission(text, text),
  api.admin_rename_permission(text, text),
  api.admin_delete_permission(text),
  api.admin_grant_permission(text, text),
  api.admin_revoke_permission(text, text)
to authenticated;

/* Roles with their permissions, for the admin screens (names are not secret). */
create or replace view api.roles
with (security_invoker = true)
as
  select r.name, r.description, r.is_system,
    coalesce(array(
      select p.name from app.role_permissions rp join app.permissions p on p.id = rp.permission_id
      where rp.role_id = r.id order by p.name
    ), '{}') as permissions
  from app.roles r;
comment on view api.roles is 'Every role with its permissions.';
grant select on api.roles to authenticated;

create or replace view api.permissions
with (security_invoker = true)
as
  select p.name, p.description, p.is_system from app.permissions p;
comment on view api.permissions is 'Every permission (resource.action).';
grant select on api.permissions to authenticated;

/* The activity log: your own events; holders of logs.read see everyone's. */
create or replace view api.activity_log
with (security_invoker = true)
as
  select l.id, l.actor_id, l.action, l.target_type, l.target_id, l.meta, l.client_ip, l.user_agent, l.created_at
  from app.activity_log l;
comment on view api.activity_log is 'Auth and admin events: your own, or everyone''s with logs.read. Append-only.';
grant select on api.activity_log to authenticated;

/*
 * Ensures the configured superadmin exists (created with this password when
 * missing), is enabled and holds superadmin. The stack calls it at every
 * start when SUPERADMIN_EMAIL and SUPERADMIN_PASSWORD are set; an existing
 * account keeps its own password.
 */
create or replace function private.ensure_superadmin(email text, password text)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  clean text := private.clean_email(ensure_superadmin.email);
  account uuid;
begin
  select u.id into account from app.users u where u.email operator(extensions.=) clean::extensions.citext;
  if account is null then
    perform private.check_password(ensure_superadmin.password);
    insert into app.users (email, password_hash, name)
    values (clean, private.hash_password(ensure_superadmin.password), 'Superadmin')
    returning id into account;
    perform app.log_activity('auth.signup', account, 'user', account::text, '{"via": "ensure_superadmin"}');
  end if;
  update app.users set disabled_at = null where id = account and disabled_at is not null;
  insert into app.user_roles (user_id, role_id)
  select account, r.id from app.roles r where r.name = 'superadmin'
  on conflict do nothing;
  if found then
    perform app.log_activity('admin.role_granted', null, 'user', account::text, '{"role": "superadmin", "via": "ensure_superadmin"}');
  end if;
  return account;
end
$$;
