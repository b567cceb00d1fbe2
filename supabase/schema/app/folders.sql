-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.folders (
  id uuid default gen_random_uuid() not null,
  owner_id uuid not null,
  parent_id uuid,
  name text not null,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  trashed_at timestamp with time zone,
  constraint folders_pkey PRIMARY KEY (id),
  constraint folders_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint folders_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint folders_not_own_parent CHECK ((parent_id IS DISTINCT FROM id))
);
alter table app.folders enable row level security;

CREATE INDEX folders_parent ON app.folders USING btree (parent_id);
CREATE INDEX folders_trashed ON app.folders USING btree (owner_id, trashed_at) WHERE (trashed_at IS NOT NULL);
CREATE UNIQUE INDEX folders_unique_name ON app.folders USING btree (owner_id, COALESCE(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name)) WHERE (trashed_at IS NULL);

create policy "a folder-limited access token reads only folders inside its fol" on app.folders
  as restrictive for select to authenticated
  using (((( SELECT app.token_folder() AS token_folder) IS NULL) OR (id IN ( SELECT app.token_subtree() AS token_subtree))));

create policy "owners, share recipients and metadata readers read folders" on app.folders
  as permissive for select to authenticated
  using (((owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR (id IN ( SELECT app.shared_folders() AS shared_folders)) OR ( SELECT app.user_has_permission('files.read_all_metadata'::text) AS user_has_permission)));

CREATE TRIGGER folders_stay_in_token_folder BEFORE INSERT OR UPDATE OF parent_id ON app.folders FOR EACH ROW EXECUTE FUNCTION app.stay_in_token_folder();
CREATE TRIGGER folders_touch BEFORE UPDATE ON app.folders FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

grant select on table app.folders to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.folders to service_role;

comment on table app.folders is 'Folders of the drive: one tree per user.';
