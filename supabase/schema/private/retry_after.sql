-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.retry_after(bucket text, subject text, max_count integer)
 RETURNS integer
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  window_seconds integer := private.bucket_window(retry_after.bucket);
  base_seconds integer := private.setting_int('auth.backoff_base_seconds', 60);
  attempts integer;
  latest timestamptz;
  lock_seconds numeric;
begin
  if subject is null then
    return 0;
  end if;
  select count(*), max(a.created_at) into attempts, latest
  from private.auth_attempts a
  where a.bucket = retry_after.bucket
    and a.subject = retry_after.subject
    and a.created_at > now() - make_interval(secs => window_seconds);
  if attempts < max_count then
    return 0;
  end if;
  lock_seconds := least(base_seconds * power(2, least(attempts - max_count, 20)), window_seconds);
  return greatest(ceil(extract(epoch from latest + make_interval(secs => lock_seconds) - now())), 0)::integer;
end
$function$;
