-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table private.password_reset_tokens (
  id bigint generated always as identity not null,
  user_id uuid not null,
  token_hash bytea not null,
  expires_at timestamp with time zone not null,
  used_at timestamp with time zone,
  voided_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  constraint password_reset_tokens_pkey PRIMARY KEY (id),
  constraint password_reset_tokens_token_hash_key UNIQUE (token_hash),
  constraint password_reset_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table private.password_reset_tokens enable row level security;

CREATE INDEX password_reset_tokens_user ON private.password_reset_tokens USING btree (user_id);

comment on table private.password_reset_tokens is 'SHA-256 of each password-reset token; single use, short-lived.';
