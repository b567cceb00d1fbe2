-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.notification_unsubscribe_tokens (
  token_hash bytea not null,
  user_id uuid not null,
  type text not null,
  created_at timestamp with time zone default now() not null,
  constraint notification_unsubscribe_tokens_pkey PRIMARY KEY (token_hash),
  constraint notification_unsubscribe_tokens_type_fkey FOREIGN KEY (type) REFERENCES app.notification_types(type) ON UPDATE CASCADE ON DELETE CASCADE,
  constraint notification_unsubscribe_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table app.notification_unsubscribe_tokens enable row level security;

CREATE INDEX notification_unsubscribe_tokens_user ON app.notification_unsubscribe_tokens USING btree (user_id, created_at);

create policy "the service role manages unsubscribe tokens" on app.notification_unsubscribe_tokens
  as permissive for all to service_role
  using (true)
  with check (true);

grant delete, insert, references, select, trigger, truncate, update on table app.notification_unsubscribe_tokens to service_role;

comment on table app.notification_unsubscribe_tokens is 'SHA-256 of each email''s one-click unsubscribe token, with the user and type it turns off.';
