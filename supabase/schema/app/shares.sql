-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.shares (
  id uuid default gen_random_uuid() not null,
  owner_id uuid not null,
  recipient_id uuid not null,
  file_id uuid,
  folder_id uuid,
  role text not null,
  expires_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  allow_reshare boolean default false not null,
  shared_by uuid,
  constraint shares_pkey PRIMARY KEY (id),
  constraint shares_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE CASCADE,
  constraint shares_folder_id_fkey FOREIGN KEY (folder_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint shares_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint shares_recipient_id_fkey FOREIGN KEY (recipient_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint shares_shared_by_fkey FOREIGN KEY (shared_by) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint shares_not_self CHECK ((recipient_id <> owner_id)),
  constraint shares_one_item CHECK ((num_nonnulls(file_id, folder_id) = 1)),
  constraint shares_role_check CHECK ((role = ANY (ARRAY['viewer'::text, 'editor'::text])))
);
alter table app.shares enable row level security;

CREATE INDEX shares_owner ON app.shares USING btree (owner_id, created_at DESC);
CREATE INDEX shares_recipient ON app.shares USING btree (recipient_id, folder_id, file_id);
CREATE INDEX shares_shared_by ON app.shares USING btree (shared_by) WHERE (shared_by IS NOT NULL);
CREATE UNIQUE INDEX shares_file_recipient ON app.shares USING btree (file_id, recipient_id) WHERE (file_id IS NOT NULL);
CREATE UNIQUE INDEX shares_folder_recipient ON app.shares USING btree (folder_id, recipient_id) WHERE (folder_id IS NOT NULL);

create policy "a folder-limited access token reads no shares" on app.shares
  as restrictive for select to authenticated
  using ((( SELECT app.token_folder() AS token_folder) IS NULL));

create policy "owners, recipients and re-sharers read their shares" on app.shares
  as permissive for select to authenticated
  using (((owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR (recipient_id = ( SELECT app.current_user_id() AS current_user_id)) OR (shared_by = ( SELECT app.current_user_id() AS current_user_id))));

CREATE TRIGGER shares_drop_stranded_reshares AFTER DELETE OR UPDATE OF role, expires_at, allow_reshare ON app.shares FOR EACH ROW EXECUTE FUNCTION app.shares_drop_stranded_reshares();
CREATE TRIGGER shares_drop_stranded_uploads AFTER DELETE OR UPDATE OF role, expires_at ON app.shares FOR EACH ROW EXECUTE FUNCTION app.shares_drop_stranded_uploads();
CREATE TRIGGER shares_touch BEFORE UPDATE ON app.shares FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

grant select on table app.shares to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.shares to service_role;

comment on table app.shares is 'Files and folders shared with a person: the recipient, the role (viewer or editor) and an optional expiry.';
comment on column app.shares.allow_reshare is 'Whether an editor may share the item on (with people or as a link); only the owner sets it.';
comment on column app.shares.shared_by is 'The editor who re-shared the owner''s item; null when the owner shared it.';
