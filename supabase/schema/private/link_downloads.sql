-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table private.link_downloads (
  id bigint generated always as identity not null,
  client_ip inet not null,
  created_at timestamp with time zone default now() not null,
  constraint link_downloads_pkey PRIMARY KEY (id)
);
alter table private.link_downloads enable row level security;

CREATE INDEX link_downloads_by_age ON private.link_downloads USING btree (created_at);
CREATE INDEX link_downloads_by_client ON private.link_downloads USING btree (client_ip, created_at DESC);

comment on table private.link_downloads is 'Downloads started through public links, per client address, for the per-address limit.';
