-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.share_links (
  id uuid default gen_random_uuid() not null,
  owner_id uuid not null,
  file_id uuid,
  folder_id uuid,
  type text not null,
  token_hash bytea not null,
  label text,
  note text,
  expires_at timestamp with time zone,
  password_hash text,
  has_password boolean generated always as ((password_hash IS NOT NULL)) stored,
  max_downloads integer,
  downloads integer default 0 not null,
  last_used_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  updated_at timestamp with time zone default now() not null,
  revoked_at timestamp with time zone,
  from_public_link boolean default false not null,
  created_by uuid,
  constraint share_links_pkey PRIMARY KEY (id),
  constraint share_links_token_hash_key UNIQUE (token_hash),
  constraint share_links_created_by_fkey FOREIGN KEY (created_by) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint share_links_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE CASCADE,
  constraint share_links_folder_id_fkey FOREIGN KEY (folder_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint share_links_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint share_links_downloads_check CHECK ((downloads >= 0)),
  constraint share_links_folder_types CHECK (((folder_id IS NOT NULL) OR (type = ANY (ARRAY['view'::text, 'preview_only'::text])))),
  constraint share_links_label_check CHECK ((char_length(label) <= 200)),
  constraint share_links_max_downloads_check CHECK ((max_downloads > 0)),
  constraint share_links_note_check CHECK ((char_length(note) <= 2000)),
  constraint share_links_one_item CHECK ((num_nonnulls(file_id, folder_id) = 1)),
  constraint share_links_type_check CHECK ((type = ANY (ARRAY['view'::text, 'edit'::text, 'file_drop'::text, 'preview_only'::text])))
);
alter table app.share_links enable row level security;

CREATE INDEX share_links_active ON app.share_links USING btree (created_at DESC) WHERE (revoked_at IS NULL);
CREATE INDEX share_links_created_by ON app.share_links USING btree (created_by) WHERE (created_by IS NOT NULL);
CREATE INDEX share_links_file ON app.share_links USING btree (file_id) WHERE (file_id IS NOT NULL);
CREATE INDEX share_links_folder ON app.share_links USING btree (folder_id) WHERE (folder_id IS NOT NULL);
CREATE INDEX share_links_owner ON app.share_links USING btree (owner_id, created_at DESC);

create policy "an access token reads no share links" on app.share_links
  as restrictive for select to authenticated
  using ((( SELECT app.token_scopes() AS token_scopes) IS NULL));

create policy "owners, re-sharers who made them, and holders of shares.read_al" on app.share_links
  as permissive for select to authenticated
  using (((owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR (created_by = ( SELECT app.current_user_id() AS current_user_id)) OR ( SELECT app.user_has_permission('shares.read_all'::text) AS user_has_permission)));

CREATE TRIGGER share_links_drop_pending_uploads AFTER UPDATE OF revoked_at ON app.share_links FOR EACH ROW WHEN (((new.revoked_at IS NOT NULL) AND (old.revoked_at IS NULL))) EXECUTE FUNCTION app.share_links_drop_pending_uploads();
CREATE TRIGGER share_links_touch BEFORE UPDATE ON app.share_links FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

grant delete, insert, references, select, trigger, truncate, update on table app.share_links to service_role;

comment on table app.share_links is 'Share links: the SHA-256 of the token (never the token), type, options and counters.';
comment on column app.share_links.created_by is 'The editor who made this link to the owner''s item by re-sharing; null when the owner made it.';
