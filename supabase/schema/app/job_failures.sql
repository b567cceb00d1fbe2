-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.job_failures (
  id bigint generated always as identity not null,
  job text not null,
  message text not null,
  failed_at timestamp with time zone default now() not null,
  constraint job_failures_pkey PRIMARY KEY (id),
  constraint job_failures_job_check CHECK ((job ~ '^[a-z][a-z0-9_-]{0,63}$'::text)),
  constraint job_failures_message_check CHECK ((char_length(message) <= 2000))
);
alter table app.job_failures enable row level security;

CREATE INDEX job_failures_failed_at ON app.job_failures USING btree (failed_at DESC);

create policy "holders of system.read read job failures" on app.job_failures
  as permissive for select to authenticated
  using (( SELECT app.user_has_permission('system.read'::text) AS user_has_permission));

grant select on table app.job_failures to authenticated;

comment on table app.job_failures is 'Failed runs of the background jobs (job name, message, when), for the system page; pruned after jobs.failure_retention_days.';
