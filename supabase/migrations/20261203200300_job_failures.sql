-- Where a background job's failure is kept, for the admin console's system
-- page. The gateway runs the jobs (gateway/jobs.ts: the email drain, the
-- files housekeeping, M-Pesa push and reconciliation over HTTP, and the SQL
-- housekeeping); on a non-2xx answer or an error it calls
-- rpc/record_job_failure with the service key. On hosted Supabase a pg_cron
-- job may call it the same way. Only service_role writes; holders of
-- system.read read. Rows older than jobs.failure_retention_days (30) are
-- pruned by the housekeeping (private.purge_auth_data).

create table app.job_failures (
  id bigint generated always as identity primary key,
  job text not null check (job ~ '^[a-z][a-z0-9_-]{0,63}$'),
  message text not null check (char_length(message) <= 2000),
  failed_at timestamptz not null default now()
);
alter table app.job_failures enable row level security;
comment on table app.job_failures is 'Failed runs of the background jobs (job name, message, when), for the system page; pruned after jobs.failure_retention_days.';

create index job_failures_failed_at on app.job_failures (failed_at desc);

revoke all on app.job_failures from public, anon, authenticated, service_role;
grant select on app.job_failures to authenticated;

create policy "holders of system.read read job failures" on app.job_failures
  for select to authenticated
  using ((select app.user_has_permission('system.read')));

insert into private.settings (key, value) values ('jobs.failure_retention_days', '30')
on conflict (key) do nothing;

/* Records one failed job run; the message is cut to 2000 characters. */
create or replace function api.record_job_failure(job text default null, message text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if job is null or job !~ '^[a-z][a-z0-9_-]{0,63}$' then
    raise exception using errcode = 'PT400', message = 'job is a name of lowercase letters, digits, - or _';
  end if;
  insert into app.job_failures (job, message)
  values (record_job_failure.job, left(coalesce(nullif(record_job_failure.message, ''), 'failed'), 2000));
end
$$;
comment on function api.record_job_failure(text, text) is 'Service role only. Records a failed background job run (job, message) for the system page.';
grant execute on function api.record_job_failure(text, text) to service_role;
