-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.role_permissions (
  role_id uuid not null,
  permission_id uuid not null,
  constraint role_permissions_pkey PRIMARY KEY (role_id, permission_id),
  constraint role_permissions_permission_id_fkey FOREIGN KEY (permission_id) REFERENCES app.permissions(id) ON DELETE CASCADE,
  constraint role_permissions_role_id_fkey FOREIGN KEY (role_id) REFERENCES app.roles(id) ON DELETE CASCADE
);
alter table app.role_permissions enable row level security;

CREATE INDEX role_permissions_permission ON app.role_permissions USING btree (permission_id);

create policy "signed-in users read which permissions each role has" on app.role_permissions
  as permissive for select to authenticated
  using (true);

grant select on table app.role_permissions to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.role_permissions to service_role;
