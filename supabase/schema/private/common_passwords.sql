-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table private.common_passwords (
  password text not null,
  rank integer not null,
  constraint common_passwords_pkey PRIMARY KEY (password),
  constraint common_passwords_rank_key UNIQUE (rank)
);
alter table private.common_passwords enable row level security;

comment on table private.common_passwords is 'Passwords of at least 8 characters most often found in breaches (zxcvbn-ts common list), refused when set; rank 1 is the most common.';
