-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.share_link_access (
  token_hash bytea not null,
  link_id uuid not null,
  created_at timestamp with time zone default now() not null,
  expires_at timestamp with time zone not null,
  constraint share_link_access_pkey PRIMARY KEY (token_hash),
  constraint share_link_access_link_id_fkey FOREIGN KEY (link_id) REFERENCES app.share_links(id) ON DELETE CASCADE
);
alter table app.share_link_access enable row level security;

CREATE INDEX share_link_access_expiry ON app.share_link_access USING btree (expires_at);
CREATE INDEX share_link_access_link ON app.share_link_access USING btree (link_id);

create policy "nobody reads link access tokens" on app.share_link_access
  as permissive for select to authenticated
  using (false);

grant delete, insert, references, select, trigger, truncate, update on table app.share_link_access to service_role;

comment on table app.share_link_access is 'Access tokens granted by a link''s password: only their SHA-256, and when they end.';
