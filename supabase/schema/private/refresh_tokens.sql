-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table private.refresh_tokens (
  id bigint generated always as identity not null,
  jti uuid default gen_random_uuid() not null,
  user_id uuid not null,
  token_hash bytea not null,
  family uuid not null,
  expires_at timestamp with time zone not null,
  revoked_at timestamp with time zone,
  orig_iat timestamp with time zone not null,
  replaced_by bigint,
  created_at timestamp with time zone default now() not null,
  constraint refresh_tokens_pkey PRIMARY KEY (id),
  constraint refresh_tokens_jti_key UNIQUE (jti),
  constraint refresh_tokens_token_hash_key UNIQUE (token_hash),
  constraint refresh_tokens_family_fkey FOREIGN KEY (family) REFERENCES app.sessions(id) ON DELETE CASCADE,
  constraint refresh_tokens_replaced_by_fkey FOREIGN KEY (replaced_by) REFERENCES private.refresh_tokens(id),
  constraint refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table private.refresh_tokens enable row level security;

CREATE INDEX refresh_tokens_family ON private.refresh_tokens USING btree (family);

comment on table private.refresh_tokens is 'SHA-256 of each refresh token; a family per session, rotated on every refresh.';
