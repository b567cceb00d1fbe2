-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.notifications (
  id bigint generated always as identity not null,
  user_id uuid not null,
  type text not null,
  payload jsonb default '{}'::jsonb not null,
  item_type text,
  item_id uuid,
  count integer default 1 not null,
  seq bigint default nextval('app.notifications_seq'::regclass) not null,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  read_at timestamp with time zone,
  constraint notifications_pkey PRIMARY KEY (id),
  constraint notifications_type_fkey FOREIGN KEY (type) REFERENCES app.notification_types(type) ON UPDATE CASCADE,
  constraint notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint notifications_count_check CHECK ((count >= 1)),
  constraint notifications_item_type_check CHECK ((item_type ~ '^[a-z][a-z_]*$'::text)),
  constraint notifications_payload_check CHECK (((jsonb_typeof(payload) = 'object'::text) AND (pg_column_size(payload) <= 8192)))
);
alter table app.notifications enable row level security;

CREATE INDEX notifications_read_at ON app.notifications USING btree (read_at) WHERE (read_at IS NOT NULL);
CREATE INDEX notifications_unread ON app.notifications USING btree (user_id, type, created_at DESC) WHERE (read_at IS NULL);
CREATE UNIQUE INDEX notifications_user_seq ON app.notifications USING btree (user_id, seq DESC);

create policy "users delete their notifications" on app.notifications
  as permissive for delete to authenticated
  using ((user_id = ( SELECT app.current_user_id() AS current_user_id)));

create policy "users mark their notifications read" on app.notifications
  as permissive for update to authenticated
  using ((user_id = ( SELECT app.current_user_id() AS current_user_id)))
  with check ((user_id = ( SELECT app.current_user_id() AS current_user_id)));

create policy "users read their notifications" on app.notifications
  as permissive for select to authenticated
  using ((user_id = ( SELECT app.current_user_id() AS current_user_id)));

CREATE TRIGGER notifications_announce AFTER INSERT OR UPDATE OF seq ON app.notifications FOR EACH ROW EXECUTE FUNCTION app.announce_notification();

grant delete, select on table app.notifications to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.notifications to service_role;

comment on table app.notifications is 'One row per user and event (or events folded within a minute); read, marked read and deleted by their user only.';
