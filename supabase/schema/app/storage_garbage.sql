-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.storage_garbage (
  object_key text not null,
  enqueued_at timestamp with time zone default now() not null,
  keep_until timestamp with time zone default now() not null,
  constraint storage_garbage_pkey PRIMARY KEY (object_key)
);
alter table app.storage_garbage enable row level security;

CREATE INDEX storage_garbage_keep_until ON app.storage_garbage USING btree (keep_until);

create policy "the service role manages the garbage queue" on app.storage_garbage
  as permissive for all to service_role
  using (true)
  with check (true);

CREATE TRIGGER storage_garbage_forget_text AFTER INSERT ON app.storage_garbage FOR EACH ROW EXECUTE FUNCTION app.forget_object_text();

grant delete, insert, references, select, trigger, truncate, update on table app.storage_garbage to service_role;

comment on table app.storage_garbage is 'Objects to delete from the storage driver.';
comment on column app.storage_garbage.keep_until is 'The bytes are not deleted before this: the backup retention after the last reference went (now() for an upload that never completed).';
