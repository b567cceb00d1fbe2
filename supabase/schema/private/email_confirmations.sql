-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table private.email_confirmations (
  id bigint generated always as identity not null,
  user_id uuid not null,
  kind text not null,
  email extensions.citext not null,
  password_hash text,
  name text,
  token_hash bytea not null,
  expires_at timestamp with time zone not null,
  used_at timestamp with time zone,
  voided_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  constraint email_confirmations_pkey PRIMARY KEY (id),
  constraint email_confirmations_token_hash_key UNIQUE (token_hash),
  constraint email_confirmations_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint email_confirmations_kind_check CHECK ((kind = ANY (ARRAY['signup'::text, 'email_change'::text]))),
  constraint email_confirmations_password CHECK (((kind = 'signup'::text) = (password_hash IS NOT NULL)))
);
alter table private.email_confirmations enable row level security;

CREATE INDEX email_confirmations_user ON private.email_confirmations USING btree (user_id, kind, created_at DESC);

comment on table private.email_confirmations is 'SHA-256 of each email-confirmation token, with what it confirms: a signup (its password hash and name) or an email change (the new address). Single use.';
