-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.notification_preferences (
  user_id uuid not null,
  type text not null,
  email boolean not null,
  updated_at timestamp with time zone default now() not null,
  constraint notification_preferences_pkey PRIMARY KEY (user_id, type),
  constraint notification_preferences_type_fkey FOREIGN KEY (type) REFERENCES app.notification_types(type) ON UPDATE CASCADE ON DELETE CASCADE,
  constraint notification_preferences_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table app.notification_preferences enable row level security;

create policy "users read their notification preferences" on app.notification_preferences
  as permissive for select to authenticated
  using ((user_id = ( SELECT app.current_user_id() AS current_user_id)));

grant select on table app.notification_preferences to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.notification_preferences to service_role;

comment on table app.notification_preferences is 'Per user and type: send the email or not (in-app notifications are always written).';
