-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.record_attempt(bucket text, subject text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  if subject is null then
    return;
  end if;
  delete from private.auth_attempts a
  where a.bucket = record_attempt.bucket
    and a.subject = record_attempt.subject
    and a.created_at < now() - make_interval(secs => private.bucket_window(record_attempt.bucket));
  insert into private.auth_attempts (bucket, subject) values (record_attempt.bucket, record_attempt.subject);
end
$function$;
