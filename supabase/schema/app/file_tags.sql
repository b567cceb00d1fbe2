-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.file_tags (
  file_id uuid not null,
  tag_id uuid not null,
  owner_id uuid default app.current_user_id() not null,
  created_at timestamp with time zone default now() not null,
  constraint file_tags_pkey PRIMARY KEY (file_id, tag_id),
  constraint file_tags_file FOREIGN KEY (file_id, owner_id) REFERENCES app.files(id, owner_id) ON DELETE CASCADE,
  constraint file_tags_tag FOREIGN KEY (tag_id, owner_id) REFERENCES app.tags(id, owner_id) ON DELETE CASCADE
);
alter table app.file_tags enable row level security;

CREATE INDEX file_tags_tag ON app.file_tags USING btree (tag_id, file_id);

create policy "a folder-limited access token reads only tag links of files ins" on app.file_tags
  as restrictive for select to authenticated
  using (((( SELECT app.token_folder() AS token_folder) IS NULL) OR (file_id IN ( SELECT f.id
   FROM app.files f
  WHERE (f.folder_id IN ( SELECT app.token_subtree() AS token_subtree))))));

create policy "owners read their file tags" on app.file_tags
  as permissive for select to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

create policy "owners tag their files" on app.file_tags
  as permissive for insert to authenticated
  with check ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

create policy "owners untag their files" on app.file_tags
  as permissive for delete to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

CREATE TRIGGER file_tags_limit AFTER INSERT ON app.file_tags REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION app.file_tags_limit();
CREATE TRIGGER file_tags_refresh_delete AFTER DELETE ON app.file_tags REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION app.file_tags_refresh();
CREATE TRIGGER file_tags_refresh_insert AFTER INSERT ON app.file_tags REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION app.file_tags_refresh();

grant delete, insert, select, update on table app.file_tags to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.file_tags to service_role;

comment on table app.file_tags is 'Which of its owner''s tags are on a file.';
