-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.thumbnails (
  version_id uuid not null,
  file_id uuid not null,
  owner_id uuid not null,
  object_key text,
  size bigint,
  sha256 text,
  width integer,
  height integer,
  created_at timestamp with time zone default now() not null,
  constraint thumbnails_pkey PRIMARY KEY (version_id),
  constraint thumbnails_object_key_key UNIQUE (object_key),
  constraint thumbnails_file_id_fkey FOREIGN KEY (file_id) REFERENCES app.files(id) ON DELETE CASCADE,
  constraint thumbnails_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint thumbnails_version_id_fkey FOREIGN KEY (version_id) REFERENCES app.file_versions(id) ON DELETE CASCADE,
  constraint thumbnails_complete CHECK ((((object_key IS NULL) = (size IS NULL)) AND ((object_key IS NULL) = (sha256 IS NULL)) AND ((object_key IS NULL) = (width IS NULL)) AND ((object_key IS NULL) = (height IS NULL)))),
  constraint thumbnails_height_check CHECK ((height > 0)),
  constraint thumbnails_object_key_check CHECK ((object_key ~ '^thumbnails/[0-9a-f-]{36}\.webp$'::text)),
  constraint thumbnails_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
  constraint thumbnails_size_check CHECK ((size > 0)),
  constraint thumbnails_width_check CHECK ((width > 0))
);
alter table app.thumbnails enable row level security;

CREATE INDEX thumbnails_file ON app.thumbnails USING btree (file_id);
CREATE INDEX thumbnails_owner ON app.thumbnails USING btree (owner_id);

create policy "owners read their thumbnails" on app.thumbnails
  as permissive for select to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

CREATE TRIGGER thumbnails_collect_object AFTER DELETE ON app.thumbnails FOR EACH ROW EXECUTE FUNCTION app.thumbnails_collect_object();

grant select on table app.thumbnails to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.thumbnails to service_role;

comment on table app.thumbnails is 'The WebP thumbnail object of each image version that has one (made on first request).';
