-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table private.auth_attempts (
  id bigint generated always as identity not null,
  bucket text not null,
  subject text not null,
  created_at timestamp with time zone default now() not null,
  constraint auth_attempts_pkey PRIMARY KEY (id)
);
alter table private.auth_attempts enable row level security;

CREATE INDEX auth_attempts_lookup ON private.auth_attempts USING btree (bucket, subject, created_at DESC);

comment on table private.auth_attempts is 'Failed logins and reset requests per email and client IP, for lockouts.';
