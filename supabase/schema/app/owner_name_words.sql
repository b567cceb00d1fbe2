-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.owner_name_words (
  owner_id uuid not null,
  word text not null,
  files integer not null,
  trashed integer not null,
  constraint owner_name_words_pkey PRIMARY KEY (owner_id, word),
  constraint owner_name_words_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table app.owner_name_words enable row level security;

CREATE INDEX owner_name_words_deletion_keys ON app.owner_name_words USING gin (app.search_deletion_keys(owner_id, word)) WITH (fastupdate=off) WHERE (char_length(word) >= 5);
CREATE INDEX owner_name_words_trgm ON app.owner_name_words USING gin (owner_id, word extensions.gin_trgm_ops);

create policy "a folder-limited access token reads no name words" on app.owner_name_words
  as restrictive for select to authenticated
  using ((( SELECT app.token_folder() AS token_folder) IS NULL));

create policy "owners, and holders of files.read_all_metadata, read name words" on app.owner_name_words
  as permissive for select to authenticated
  using (((owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR ( SELECT app.user_has_permission('files.read_all_metadata'::text) AS user_has_permission)));

grant select on table app.owner_name_words to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.owner_name_words to service_role;

comment on table app.owner_name_words is 'Search: each owner''s words of file names, with how many of their files outside the trash (files) and in it (trashed) carry each, kept by triggers; near-misses of a misspelled query are looked up here.';
