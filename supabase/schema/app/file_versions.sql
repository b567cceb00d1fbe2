-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.file_versions (
  id uuid default gen_random_uuid() not null,
  file_id uuid not null,
  owner_id uuid not null,
  version integer not null,
  object_key text not null,
  size bigint not null,
  sha256 text not null,
  mime_type text not null,
  created_by uuid,
  created_at timestamp with time zone default now() not null,
  constraint file_versions_pkey PRIMARY KEY (id),
  constraint file_versions_file_id_version_key UNIQUE (file_id, version),
  constraint file_versions_created_by_fkey FOREIGN KEY (created_by) REFERENCES app.users(id) ON DELETE SET NULL,
  constraint file_versions_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE CASCADE,
  constraint file_versions_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint file_versions_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
  constraint file_versions_size_check CHECK ((size >= 0)),
  constraint file_versions_version_check CHECK ((version > 0))
);
alter table app.file_versions enable row level security;

CREATE INDEX file_versions_created ON app.file_versions USING btree (created_at);
CREATE INDEX file_versions_object ON app.file_versions USING btree (object_key);
CREATE INDEX file_versions_owner ON app.file_versions USING btree (owner_id);

create policy "a folder-limited access token reads only versions of files insi" on app.file_versions
  as restrictive for select to authenticated
  using (((( SELECT app.token_folder() AS token_folder) IS NULL) OR (file_id IN ( SELECT f.id
   FROM app.files f
  WHERE (f.folder_id IN ( SELECT app.token_subtree() AS token_subtree))))));

create policy "owners, editors of a share and metadata readers read versions" on app.file_versions
  as permissive for select to authenticated
  using (((owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR (file_id IN ( SELECT f.id
   FROM app.files f
  WHERE ((f.trashed_at IS NULL) AND ((f.folder_id IN ( SELECT app.shared_folders(true) AS shared_folders)) OR (f.id IN ( SELECT app.shared_files(true) AS shared_files)))))) OR ( SELECT app.user_has_permission('files.read_all_metadata'::text) AS user_has_permission)));

CREATE TRIGGER file_versions_bookkeeping AFTER INSERT OR DELETE ON app.file_versions FOR EACH ROW EXECUTE FUNCTION app.file_versions_bookkeeping();

grant select on table app.file_versions to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.file_versions to service_role;

comment on table app.file_versions is 'Every stored version of a file and the object holding its bytes.';
