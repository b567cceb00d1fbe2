-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.permissions (
  id uuid default gen_random_uuid() not null,
  name text not null,
  description text default ''::text not null,
  is_system boolean default false not null,
  created_at timestamp with time zone default now() not null,
  constraint permissions_pkey PRIMARY KEY (id),
  constraint permissions_name_key UNIQUE (name),
  constraint permissions_description_check CHECK ((char_length(description) <= 500)),
  constraint permissions_name_check CHECK ((name ~ '^[a-z][a-z0-9_]{0,39}\.[a-z][a-z0-9_]{0,39}$'::text))
);
alter table app.permissions enable row level security;

create policy "signed-in users read permissions" on app.permissions
  as permissive for select to authenticated
  using (true);

grant select on table app.permissions to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.permissions to service_role;

comment on table app.permissions is 'RBAC permissions named resource.action.';
