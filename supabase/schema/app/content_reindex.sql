-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.content_reindex (
  file_id uuid not null,
  queued_at timestamp with time zone default now() not null,
  constraint content_reindex_pkey PRIMARY KEY (file_id),
  constraint content_reindex_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE CASCADE
);
alter table app.content_reindex enable row level security;

create policy "the service role manages the reindex queue" on app.content_reindex
  as permissive for all to service_role
  using (true)
  with check (true);

grant delete, insert, references, select, trigger, truncate, update on table app.content_reindex to service_role;

comment on table app.content_reindex is 'Files whose content text must be read again from their bytes (maintenance).';
