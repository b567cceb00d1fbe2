-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.share_invitations (
  id uuid default gen_random_uuid() not null,
  owner_id uuid not null,
  email extensions.citext not null,
  file_id uuid,
  folder_id uuid,
  role text not null,
  share_expires_at timestamp with time zone,
  token_hash bytea not null,
  created_at timestamp with time zone default now() not null,
  expires_at timestamp with time zone default (now() + '7 days'::interval) not null,
  accepted_at timestamp with time zone,
  accepted_by uuid,
  revoked_at timestamp with time zone,
  constraint share_invitations_pkey PRIMARY KEY (id),
  constraint share_invitations_token_hash_key UNIQUE (token_hash),
  constraint share_invitations_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES app.users(id) ON DELETE SET NULL,
  constraint share_invitations_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE CASCADE,
  constraint share_invitations_folder_id_fkey FOREIGN KEY (folder_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint share_invitations_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint share_invitations_email_check CHECK ((length((email)::text) <= 320)),
  constraint share_invitations_one_item CHECK ((num_nonnulls(file_id, folder_id) = 1)),
  constraint share_invitations_role_check CHECK ((role = ANY (ARRAY['viewer'::text, 'editor'::text])))
);
alter table app.share_invitations enable row level security;

CREATE INDEX share_invitations_owner ON app.share_invitations USING btree (owner_id, created_at DESC);

create policy "an access token reads no share invitations" on app.share_invitations
  as restrictive for select to authenticated
  using ((( SELECT app.token_scopes() AS token_scopes) IS NULL));

create policy "owners read their invitations" on app.share_invitations
  as permissive for select to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

grant delete, insert, references, select, trigger, truncate, update on table app.share_invitations to service_role;

comment on table app.share_invitations is 'Invitations to share with an address that has no account: the SHA-256 of the mailed single-use token, 7 days.';
