-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table private.backup_holds (
  id uuid default gen_random_uuid() not null,
  started_at timestamp with time zone default now() not null,
  expires_at timestamp with time zone not null,
  constraint backup_holds_pkey PRIMARY KEY (id)
);
alter table private.backup_holds enable row level security;

comment on table private.backup_holds is 'Backups copying objects right now: while one is live, no object is collected.';
