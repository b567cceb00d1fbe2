-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.users (
  id uuid default gen_random_uuid() not null,
  email extensions.citext not null,
  password_hash text not null,
  name text,
  bio text,
  avatar_url text,
  disabled_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  email_confirmed_at timestamp with time zone,
  constraint users_pkey PRIMARY KEY (id),
  constraint users_email_key UNIQUE (email),
  constraint users_avatar_url_length CHECK (((avatar_url IS NULL) OR (char_length(avatar_url) <= 2048))),
  constraint users_bio_length CHECK (((bio IS NULL) OR (char_length(bio) <= 1000))),
  constraint users_email_valid CHECK (((length((email)::text) <= 254) AND ((email)::text ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'::text))),
  constraint users_name_length CHECK (((name IS NULL) OR (char_length(name) <= 100)))
);
alter table app.users enable row level security;

CREATE INDEX users_created_id ON app.users USING btree (created_at DESC, id DESC);

create policy "users read the profiles they may list" on app.users
  as permissive for select to authenticated
  using (((id = ( SELECT app.current_user_id() AS current_user_id)) OR ( SELECT app.user_has_permission('users.read'::text) AS user_has_permission) OR app.shares_with(id)));

CREATE TRIGGER users_grant_default_role AFTER INSERT ON app.users FOR EACH ROW EXECUTE FUNCTION app.grant_default_role();
CREATE TRIGGER users_notify_email_changed AFTER UPDATE OF email ON app.users FOR EACH ROW WHEN ((lower((old.email)::text) IS DISTINCT FROM lower((new.email)::text))) EXECUTE FUNCTION app.notify_email_changed();
CREATE TRIGGER users_touch_updated_at BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

grant delete, insert, references, select, trigger, truncate, update on table app.users to service_role;

comment on table app.users is 'Accounts: email (case-insensitive), bcrypt password hash, public profile columns.';
comment on column app.users.email_confirmed_at is 'When the address was proven (confirmation link or password reset); null for an unconfirmed account. Set at signup when auth.confirm_email is off.';
