-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table private.settings (
  key text not null,
  value text not null,
  updated_at timestamp with time zone default now() not null,
  constraint settings_pkey PRIMARY KEY (key)
);
alter table private.settings enable row level security;
