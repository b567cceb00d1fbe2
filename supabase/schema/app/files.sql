-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.files (
  id uuid default gen_random_uuid() not null,
  owner_id uuid not null,
  folder_id uuid,
  name text not null,
  mime_type text default 'application/octet-stream'::text not null,
  size bigint default 0 not null,
  sha256 text,
  visibility text default 'private'::text not null,
  description text,
  current_version_id uuid,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  trashed_at timestamp with time zone,
  type_group text default 'other'::text not null,
  tag_ids uuid[] default '{}'::uuid[] not null,
  search_vector tsvector default ''::tsvector not null,
  search_trigrams text[] default '{}'::text[] not null,
  search_words tsvector default ''::tsvector not null,
  constraint files_pkey PRIMARY KEY (id),
  constraint files_id_owner_key UNIQUE (id, owner_id),
  constraint files_current_version FOREIGN KEY (current_version_id) REFERENCES app.file_versions(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
  constraint files_folder_id_fkey FOREIGN KEY (folder_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint files_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint files_description_check CHECK ((char_length(description) <= 10000)),
  constraint files_size_check CHECK ((size >= 0)),
  constraint files_visibility_check CHECK ((visibility = ANY (ARRAY['private'::text, 'public'::text])))
);
alter table app.files enable row level security;

CREATE INDEX files_folder ON app.files USING btree (folder_id);
CREATE INDEX files_listing ON app.files USING btree (owner_id, folder_id, name) WHERE (trashed_at IS NULL);
CREATE INDEX files_listing_root ON app.files USING btree (owner_id, name) WHERE ((folder_id IS NULL) AND (trashed_at IS NULL));
CREATE INDEX files_search_name_prefix ON app.files USING btree (owner_id, lower(name) text_pattern_ops) INCLUDE (updated_at, id, trashed_at, name);
CREATE INDEX files_search_name_trgm ON app.files USING gin (app.search_owner_code(owner_id), name extensions.gin_trgm_ops);
CREATE INDEX files_search_owner_recent ON app.files USING btree (owner_id, updated_at DESC, id DESC) INCLUDE (trashed_at, type_group, mime_type, size, folder_id, tag_ids, name);
CREATE INDEX files_search_tags ON app.files USING gin (tag_ids);
CREATE INDEX files_search_trigrams ON app.files USING gin (search_trigrams);
CREATE INDEX files_search_type_updated ON app.files USING btree (owner_id, type_group, updated_at DESC);
CREATE INDEX files_search_words ON app.files USING gin (search_words);
CREATE INDEX files_size ON app.files USING btree (size DESC) WHERE (trashed_at IS NULL);
CREATE INDEX files_trashed ON app.files USING btree (owner_id, trashed_at) WHERE (trashed_at IS NOT NULL);
CREATE UNIQUE INDEX files_unique_name ON app.files USING btree (owner_id, COALESCE(folder_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name)) WHERE (trashed_at IS NULL);

create policy "a folder-limited access token reads only files inside its folde" on app.files
  as restrictive for select to authenticated
  using (((( SELECT app.token_folder() AS token_folder) IS NULL) OR (folder_id IN ( SELECT app.token_subtree() AS token_subtree))));

create policy "owners, share recipients and metadata readers read files" on app.files
  as permissive for select to authenticated
  using (((owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR ((trashed_at IS NULL) AND ((folder_id IN ( SELECT app.shared_folders() AS shared_folders)) OR (id IN ( SELECT app.shared_files() AS shared_files)))) OR ( SELECT app.user_has_permission('files.read_all_metadata'::text) AS user_has_permission)));

CREATE TRIGGER files_drop_stale_thumbnails AFTER UPDATE OF current_version_id, trashed_at ON app.files FOR EACH ROW WHEN (((new.trashed_at IS DISTINCT FROM old.trashed_at) OR (new.current_version_id IS DISTINCT FROM old.current_version_id))) EXECUTE FUNCTION app.files_drop_stale_thumbnails();
CREATE TRIGGER files_name_words_delete AFTER DELETE ON app.files REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION app.files_name_words_delete();
CREATE TRIGGER files_name_words_insert AFTER INSERT ON app.files REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION app.files_name_words_insert();
CREATE TRIGGER files_name_words_update AFTER UPDATE ON app.files REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION app.files_name_words_update();
CREATE TRIGGER files_stay_in_token_folder BEFORE INSERT OR UPDATE OF folder_id ON app.files FOR EACH ROW EXECUTE FUNCTION app.stay_in_token_folder();
CREATE TRIGGER files_touch BEFORE UPDATE ON app.files FOR EACH ROW WHEN (((old.name IS DISTINCT FROM new.name) OR (old.current_version_id IS DISTINCT FROM new.current_version_id) OR (old.size IS DISTINCT FROM new.size) OR (old.sha256 IS DISTINCT FROM new.sha256) OR (old.mime_type IS DISTINCT FROM new.mime_type))) EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER files_tsvector BEFORE INSERT OR UPDATE OF name, description, mime_type, search_vector ON app.files FOR EACH ROW EXECUTE FUNCTION app.files_tsvector();
CREATE TRIGGER files_tsvector_keys BEFORE INSERT OR UPDATE OF name, description, search_vector, owner_id ON app.files FOR EACH ROW EXECUTE FUNCTION app.files_search_keys();

grant select on table app.files to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.files to service_role;

comment on table app.files is 'Files of the drive, one row per file; bytes live in the storage driver.';
comment on column app.files.type_group is 'Search: the type group of mime_type, kept by trigger.';
comment on column app.files.tag_ids is 'Search: the ids of the file''s tags (sorted), kept by trigger from app.file_tags.';
comment on column app.files.search_vector is 'Search: name, tags, description and content words, kept by trigger.';
comment on column app.files.search_trigrams is 'Search: the owner''s trigram keys of the name, kept by trigger.';
comment on column app.files.search_words is 'Search: the owner''s word keys (name words and all words), kept by trigger.';
