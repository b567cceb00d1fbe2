-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.file_contents (
  file_id uuid not null,
  owner_id uuid not null,
  content text not null,
  updated_at timestamp with time zone default now() not null,
  constraint file_contents_pkey PRIMARY KEY (file_id),
  constraint file_contents_file FOREIGN KEY (file_id, owner_id) REFERENCES app.files(id, owner_id) ON DELETE CASCADE
);
alter table app.file_contents enable row level security;

create policy "owners manage their files' text" on app.file_contents
  as permissive for all to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)))
  with check ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

CREATE TRIGGER file_contents_refresh AFTER INSERT OR DELETE OR UPDATE ON app.file_contents FOR EACH ROW EXECUTE FUNCTION app.file_contents_refresh();

grant delete, insert, select, update on table app.file_contents to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.file_contents to service_role;

comment on table app.file_contents is 'The text of text-like files, indexed for content search.';
