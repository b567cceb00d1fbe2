-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.uploads (
  id uuid default gen_random_uuid() not null,
  owner_id uuid not null,
  folder_id uuid,
  name text not null,
  size bigint,
  mime_type text not null,
  sha256 text,
  description text,
  tags text[] default '{}'::text[] not null,
  object_key text not null,
  kind text not null,
  status text default 'pending'::text not null,
  received_size bigint,
  received_sha256 text,
  sniffed_mime text,
  file_id uuid,
  created_at timestamp with time zone default now() not null,
  expires_at timestamp with time zone not null,
  completed_at timestamp with time zone,
  share_link_id uuid,
  uploader_name text,
  uploader_id uuid,
  constraint uploads_pkey PRIMARY KEY (id),
  constraint uploads_object_key_key UNIQUE (object_key),
  constraint uploads_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE SET NULL,
  constraint uploads_folder_id_fkey FOREIGN KEY (folder_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint uploads_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint uploads_share_link_id_fkey FOREIGN KEY (share_link_id) REFERENCES app.share_links(id) ON DELETE CASCADE,
  constraint uploads_uploader_id_fkey FOREIGN KEY (uploader_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint uploads_description_check CHECK ((char_length(description) <= 10000)),
  constraint uploads_kind_check CHECK ((kind = ANY (ARRAY['signed'::text, 'tus'::text, 'direct'::text]))),
  constraint uploads_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
  constraint uploads_size_check CHECK ((size >= 0)),
  constraint uploads_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'completed'::text]))),
  constraint uploads_uploader_name_check CHECK ((char_length(uploader_name) <= 100))
);
alter table app.uploads enable row level security;

CREATE INDEX uploads_expiry ON app.uploads USING btree (expires_at) WHERE (status = 'pending'::text);
CREATE INDEX uploads_owner_pending ON app.uploads USING btree (owner_id) WHERE (status = 'pending'::text);
CREATE INDEX uploads_share_link ON app.uploads USING btree (share_link_id) WHERE (share_link_id IS NOT NULL);
CREATE INDEX uploads_uploader_pending ON app.uploads USING btree (uploader_id) WHERE ((status = 'pending'::text) AND (uploader_id IS NOT NULL));

create policy "a folder-limited access token reads only uploads into its folde" on app.uploads
  as restrictive for select to authenticated
  using (((( SELECT app.token_folder() AS token_folder) IS NULL) OR (folder_id IN ( SELECT app.token_subtree() AS token_subtree))));

create policy "owners, and editors uploading into their folders, read uploads" on app.uploads
  as permissive for select to authenticated
  using (((owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR (uploader_id = ( SELECT app.current_user_id() AS current_user_id))));

CREATE TRIGGER uploads_attach_tags AFTER UPDATE OF status ON app.uploads FOR EACH ROW EXECUTE FUNCTION app.uploads_attach_tags();
CREATE TRIGGER uploads_collect_object AFTER DELETE ON app.uploads FOR EACH ROW EXECUTE FUNCTION app.uploads_collect_object();
CREATE TRIGGER uploads_stay_in_token_folder BEFORE INSERT OR UPDATE OF folder_id ON app.uploads FOR EACH ROW EXECUTE FUNCTION app.stay_in_token_folder();

grant select on table app.uploads to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.uploads to service_role;

comment on table app.uploads is 'Uploads in flight, each reserving quota for its declared size.';
comment on column app.uploads.share_link_id is 'The share link a visitor uploads through (edit or file_drop), or null for the owner''s own upload.';
comment on column app.uploads.uploader_name is 'The name a visitor gave with an upload through a link, if any.';
comment on column app.uploads.uploader_id is 'The editor who uploads into a folder of owner_id shared with them; null when the owner uploads (or a visitor, through share_link_id).';
