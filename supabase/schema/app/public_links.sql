-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.public_links (
  file_id uuid not null,
  owner_id uuid not null,
  nonce uuid not null,
  token_hash bytea not null,
  created_at timestamp with time zone default now() not null,
  constraint public_links_pkey PRIMARY KEY (file_id),
  constraint public_links_token_hash_key UNIQUE (token_hash),
  constraint public_links_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE CASCADE,
  constraint public_links_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table app.public_links enable row level security;

create policy "owners read their public links" on app.public_links
  as permissive for select to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

CREATE TRIGGER public_links_sync AFTER INSERT OR DELETE OR UPDATE ON app.public_links FOR EACH ROW EXECUTE FUNCTION app.public_links_sync();

grant select on table app.public_links to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.public_links to service_role;

comment on table app.public_links is 'Public files: the nonce their link is derived from and the SHA-256 of the link token (never the token).';
