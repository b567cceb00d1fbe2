-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.notification_stream_tickets (
  token_hash bytea not null,
  user_id uuid not null,
  session_id uuid not null,
  expires_at timestamp with time zone not null,
  used_at timestamp with time zone,
  constraint notification_stream_tickets_pkey PRIMARY KEY (token_hash),
  constraint notification_stream_tickets_session_id_fkey FOREIGN KEY (session_id) REFERENCES app.sessions(id) ON DELETE CASCADE,
  constraint notification_stream_tickets_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table app.notification_stream_tickets enable row level security;

CREATE INDEX notification_stream_tickets_expiry ON app.notification_stream_tickets USING btree (expires_at);

create policy "the service role manages stream tickets" on app.notification_stream_tickets
  as permissive for all to service_role
  using (true)
  with check (true);

grant delete, insert, references, select, trigger, truncate, update on table app.notification_stream_tickets to service_role;

comment on table app.notification_stream_tickets is 'SHA-256 of each notification stream ticket; single use, valid seconds, for one session.';
