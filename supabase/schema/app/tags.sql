-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.tags (
  id uuid default gen_random_uuid() not null,
  owner_id uuid default app.current_user_id() not null,
  name text not null,
  created_at timestamp with time zone default now() not null,
  constraint tags_pkey PRIMARY KEY (id),
  constraint tags_id_owner_key UNIQUE (id, owner_id),
  constraint tags_owner_name_key UNIQUE (owner_id, name),
  constraint tags_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint tags_name_length CHECK (((char_length(name) >= 1) AND (char_length(name) <= 50))),
  constraint tags_name_normalised CHECK ((name = app.normalize_tag(name)))
);
alter table app.tags enable row level security;

create policy "a folder-limited access token reads only tags on files inside i" on app.tags
  as restrictive for select to authenticated
  using (((( SELECT app.token_folder() AS token_folder) IS NULL) OR (id IN ( SELECT app.token_tag_ids() AS token_tag_ids))));

create policy "owners create their tags" on app.tags
  as permissive for insert to authenticated
  with check ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

create policy "owners delete their tags" on app.tags
  as permissive for delete to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

create policy "owners read their tags" on app.tags
  as permissive for select to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

create policy "owners rename their tags" on app.tags
  as permissive for update to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)))
  with check ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

CREATE TRIGGER tags_refresh AFTER UPDATE ON app.tags REFERENCING NEW TABLE AS renamed FOR EACH STATEMENT EXECUTE FUNCTION app.tags_refresh();

grant delete, insert, select, update on table app.tags to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.tags to service_role;

comment on table app.tags is 'Each user''s tag vocabulary.';
