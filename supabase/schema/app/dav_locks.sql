-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.dav_locks (
  token uuid default gen_random_uuid() not null,
  owner_id uuid not null,
  root_id uuid,
  path text not null,
  depth text not null,
  scope text not null,
  owner_xml text default ''::text not null,
  timeout_seconds integer not null,
  expires_at timestamp with time zone not null,
  created_at timestamp with time zone default now() not null,
  constraint dav_locks_pkey PRIMARY KEY (token),
  constraint dav_locks_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint dav_locks_root_id_fkey FOREIGN KEY (root_id) REFERENCES app.folders(id) ON DELETE CASCADE,
  constraint dav_locks_depth_check CHECK ((depth = ANY (ARRAY['0'::text, 'infinity'::text]))),
  constraint dav_locks_owner_xml_check CHECK ((octet_length(owner_xml) <= 4096)),
  constraint dav_locks_path_check CHECK ((octet_length(path) <= 8000)),
  constraint dav_locks_scope_check CHECK ((scope = ANY (ARRAY['exclusive'::text, 'shared'::text]))),
  constraint dav_locks_timeout_seconds_check CHECK (((timeout_seconds >= 1) AND (timeout_seconds <= 604800)))
);
alter table app.dav_locks enable row level security;

CREATE INDEX dav_locks_path ON app.dav_locks USING btree (owner_id, path);

create policy "owners read their locks" on app.dav_locks
  as permissive for select to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

grant select on table app.dav_locks to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.dav_locks to service_role;

comment on table app.dav_locks is 'WebDAV write locks on paths of a user''s drive, with their timeout.';
