-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.object_texts (
  object_key text not null,
  owner_id uuid not null,
  content text not null,
  created_at timestamp with time zone default now() not null,
  constraint object_texts_pkey PRIMARY KEY (object_key),
  constraint object_texts_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE
);
alter table app.object_texts enable row level security;

create policy "the service role manages object texts" on app.object_texts
  as permissive for all to service_role
  using (true)
  with check (true);

grant delete, insert, references, select, trigger, truncate, update on table app.object_texts to service_role;

comment on table app.object_texts is 'The indexed text of each object of a text-like version, carried to copies and restored versions.';
