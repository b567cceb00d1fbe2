-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.file_mtimes (
  file_id uuid not null,
  owner_id uuid not null,
  version_id uuid not null,
  modified_at timestamp with time zone not null,
  constraint file_mtimes_pkey PRIMARY KEY (file_id),
  constraint file_mtimes_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE CASCADE,
  constraint file_mtimes_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table app.file_mtimes enable row level security;

create policy "owners read their files' modification times" on app.file_mtimes
  as permissive for select to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

grant select on table app.file_mtimes to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.file_mtimes to service_role;

comment on table app.file_mtimes is 'The modification time a client gave a file''s version (WebDAV X-OC-Mtime, getlastmodified).';
