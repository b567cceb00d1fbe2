-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.maintenance_runs (
  id bigint generated always as identity not null,
  ran_at timestamp with time zone default now() not null,
  expired_uploads integer not null,
  purged_from_trash integer not null,
  deleted_objects integer not null,
  orphans_found integer not null,
  orphans_collected integer not null,
  collection_paused boolean not null,
  constraint maintenance_runs_pkey PRIMARY KEY (id),
  constraint maintenance_runs_check CHECK (((orphans_collected >= 0) AND (orphans_collected <= orphans_found))),
  constraint maintenance_runs_deleted_objects_check CHECK ((deleted_objects >= 0)),
  constraint maintenance_runs_expired_uploads_check CHECK ((expired_uploads >= 0)),
  constraint maintenance_runs_orphans_found_check CHECK ((orphans_found >= 0)),
  constraint maintenance_runs_purged_from_trash_check CHECK ((purged_from_trash >= 0))
);
alter table app.maintenance_runs enable row level security;

CREATE INDEX maintenance_runs_ran_at ON app.maintenance_runs USING btree (ran_at DESC, id DESC);

create policy "holders of files.read_all_metadata read maintenance runs" on app.maintenance_runs
  as permissive for select to authenticated
  using (( SELECT app.user_has_permission('files.read_all_metadata'::text) AS user_has_permission));

grant select on table app.maintenance_runs to authenticated;

comment on table app.maintenance_runs is 'One row per files housekeeping run: expired uploads, trash purged, garbage deleted, orphans found and collected; 30 days kept.';
