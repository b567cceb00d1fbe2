-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.roles (
  id uuid default gen_random_uuid() not null,
  name text not null,
  description text default ''::text not null,
  is_system boolean default false not null,
  created_at timestamp with time zone default now() not null,
  constraint roles_pkey PRIMARY KEY (id),
  constraint roles_name_key UNIQUE (name),
  constraint roles_description_check CHECK ((char_length(description) <= 500)),
  constraint roles_name_check CHECK ((name ~ '^[a-z][a-z0-9_]{1,39}$'::text))
);
alter table app.roles enable row level security;

create policy "signed-in users read roles" on app.roles
  as permissive for select to authenticated
  using (true);

grant select on table app.roles to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.roles to service_role;

comment on table app.roles is 'RBAC roles; system roles (superadmin, admin, editor, viewer) cannot be deleted or renamed.';
