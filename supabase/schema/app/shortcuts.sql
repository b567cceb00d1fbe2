-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.shortcuts (
  id uuid default gen_random_uuid() not null,
  user_id uuid not null,
  file_id uuid,
  folder_id uuid,
  parent_id uuid,
  created_at timestamp with time zone default now() not null,
  constraint shortcuts_pkey PRIMARY KEY (id),
  constraint shortcuts_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE CASCADE,
  constraint shortcuts_folder_id_fkey FOREIGN KEY (folder_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint shortcuts_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint shortcuts_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint shortcuts_one_item CHECK ((num_nonnulls(file_id, folder_id) = 1))
);
alter table app.shortcuts enable row level security;

CREATE INDEX shortcuts_file ON app.shortcuts USING btree (file_id) WHERE (file_id IS NOT NULL);
CREATE INDEX shortcuts_folder ON app.shortcuts USING btree (folder_id) WHERE (folder_id IS NOT NULL);
CREATE INDEX shortcuts_parent ON app.shortcuts USING btree (parent_id) WHERE (parent_id IS NOT NULL);
CREATE INDEX shortcuts_user_parent ON app.shortcuts USING btree (user_id, parent_id);
CREATE UNIQUE INDEX shortcuts_user_file ON app.shortcuts USING btree (user_id, file_id) WHERE (file_id IS NOT NULL);
CREATE UNIQUE INDEX shortcuts_user_folder ON app.shortcuts USING btree (user_id, folder_id) WHERE (folder_id IS NOT NULL);

create policy "a folder-limited access token reads no shortcuts" on app.shortcuts
  as restrictive for select to authenticated
  using ((( SELECT app.token_folder() AS token_folder) IS NULL));

create policy "people read their shortcuts" on app.shortcuts
  as permissive for select to authenticated
  using ((user_id = ( SELECT app.current_user_id() AS current_user_id)));

grant select on table app.shortcuts to authenticated;
grant delete, insert, select, update on table app.shortcuts to service_role;

comment on table app.shortcuts is 'Items shared with a person, placed in a folder of their own drive (parent_id null: the root). Shown only while a share reaches the item.';
comment on column app.shortcuts.parent_id is 'The person''s own folder the shortcut sits in; null for the root.';
