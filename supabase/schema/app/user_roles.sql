-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.user_roles (
  user_id uuid not null,
  role_id uuid not null,
  granted_by uuid,
  granted_at timestamp with time zone default now() not null,
  constraint user_roles_pkey PRIMARY KEY (user_id, role_id),
  constraint user_roles_granted_by_fkey FOREIGN KEY (granted_by) REFERENCES app.users(id) ON DELETE SET NULL,
  constraint user_roles_role_id_fkey FOREIGN KEY (role_id) REFERENCES app.roles(id) ON DELETE CASCADE,
  constraint user_roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table app.user_roles enable row level security;

CREATE INDEX user_roles_role ON app.user_roles USING btree (role_id);

create policy "users read their own roles, holders of users.read everyone's" on app.user_roles
  as permissive for select to authenticated
  using (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR ( SELECT app.user_has_permission('users.read'::text) AS user_has_permission)));

grant select on table app.user_roles to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.user_roles to service_role;
