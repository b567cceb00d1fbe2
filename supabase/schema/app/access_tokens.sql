-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.access_tokens (
  id uuid default gen_random_uuid() not null,
  user_id uuid not null,
  name text not null,
  token_hash bytea not null,
  prefix text not null,
  scopes text[] not null,
  folder_id uuid,
  created_at timestamp with time zone default now() not null,
  expires_at timestamp with time zone,
  last_used_at timestamp with time zone,
  revoked_at timestamp with time zone,
  constraint access_tokens_pkey PRIMARY KEY (id),
  constraint access_tokens_token_hash_key UNIQUE (token_hash),
  constraint access_tokens_folder_id_fkey FOREIGN KEY (folder_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint access_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint access_tokens_name_check CHECK (((char_length(name) >= 1) AND (char_length(name) <= 100))),
  constraint access_tokens_scopes_check CHECK ((((cardinality(scopes) >= 1) AND (cardinality(scopes) <= 2)) AND (scopes <@ ARRAY['files:read'::text, 'files:write'::text])))
);
alter table app.access_tokens enable row level security;

CREATE INDEX access_tokens_folder ON app.access_tokens USING btree (folder_id) WHERE (folder_id IS NOT NULL);
CREATE INDEX access_tokens_user ON app.access_tokens USING btree (user_id);

create policy "users read their own access tokens from a password session" on app.access_tokens
  as permissive for select to authenticated
  using (((user_id = ( SELECT app.current_user_id() AS current_user_id)) AND (( SELECT app.token_scopes() AS token_scopes) IS NULL)));

grant delete, insert, references, select, trigger, truncate, update on table app.access_tokens to service_role;

comment on table app.access_tokens is 'Personal access tokens: SHA-256 of the secret, scopes, optional folder, expiry; exchanged for short-lived JWTs.';
