-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.dav_properties (
  id bigint generated always as identity not null,
  owner_id uuid not null,
  file_id uuid,
  folder_id uuid,
  namespace text not null,
  name text not null,
  value text not null,
  updated_at timestamp with time zone default now() not null,
  constraint dav_properties_pkey PRIMARY KEY (id),
  constraint dav_properties_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE CASCADE,
  constraint dav_properties_folder_id_fkey FOREIGN KEY (folder_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint dav_properties_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint dav_properties_check CHECK (((file_id IS NULL) OR (folder_id IS NULL))),
  constraint dav_properties_name_check CHECK (((octet_length(name) >= 1) AND (octet_length(name) <= 1000))),
  constraint dav_properties_namespace_check CHECK ((octet_length(namespace) <= 1000)),
  constraint dav_properties_value_check CHECK ((octet_length(value) <= 65536))
);
alter table app.dav_properties enable row level security;

CREATE INDEX dav_properties_file ON app.dav_properties USING btree (file_id) WHERE (file_id IS NOT NULL);
CREATE INDEX dav_properties_folder ON app.dav_properties USING btree (folder_id) WHERE (folder_id IS NOT NULL);
CREATE UNIQUE INDEX dav_properties_item ON app.dav_properties USING btree (owner_id, COALESCE(file_id, folder_id, '00000000-0000-0000-0000-000000000000'::uuid), namespace, name);

create policy "a folder-limited access token reads only properties inside its " on app.dav_properties
  as restrictive for select to authenticated
  using (((( SELECT app.token_folder() AS token_folder) IS NULL) OR (folder_id IN ( SELECT app.token_subtree() AS token_subtree)) OR (file_id IN ( SELECT f.id
   FROM app.files f
  WHERE (f.folder_id IN ( SELECT app.token_subtree() AS token_subtree))))));

create policy "owners read the properties of their items" on app.dav_properties
  as permissive for select to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

grant select on table app.dav_properties to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.dav_properties to service_role;

comment on table app.dav_properties is 'WebDAV dead properties of a file, a folder or (both null) the root.';
