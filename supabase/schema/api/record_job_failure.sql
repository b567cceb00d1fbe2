-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.record_job_failure(job text DEFAULT NULL::text, message text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if job is null or job !~ '^[a-z][a-z0-9_-]{0,63}$' then
    raise exception using errcode = 'PT400', message = 'job is a name of lowercase letters, digits, - or _';
  end if;
  insert into app.job_failures (job, message)
  values (record_job_failure.job, left(coalesce(nullif(record_job_failure.message, ''), 'failed'), 2000));
end
$function$;
grant execute on function api.record_job_failure(job text, message text) to service_role;
comment on function api.record_job_failure(job text, message text) is 'Service role only. Records a failed background job run (job, message) for the system page.';
