-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.avatars (
  user_id uuid not null,
  object_key text not null,
  updated_at timestamp with time zone default now() not null,
  constraint avatars_pkey PRIMARY KEY (user_id),
  constraint avatars_object_key_key UNIQUE (object_key),
  constraint avatars_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table app.avatars enable row level security;

create policy "users read the avatars of the profiles they may list" on app.avatars
  as permissive for select to authenticated
  using (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR ( SELECT app.user_has_permission('users.read'::text) AS user_has_permission) OR app.shares_with(user_id)));

grant select on table app.avatars to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.avatars to service_role;

comment on table app.avatars is 'The object holding each user''s avatar image.';
