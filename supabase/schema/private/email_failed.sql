-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.email_failed(email_id bigint, error text)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  with verdict as (
    select o.id,
      o.created_at <= now() - make_interval(secs => private.setting_int('email.give_up_after_seconds', 86400))
        or o.attempts >= private.setting_int('auth.email_max_attempts', 1000000) as give_up
    from private.email_outbox o
    where o.id = email_id
  )
  update private.email_outbox o
  set last_error = left(error, 2000),
      status = case when v.give_up then 'failed' else 'pending' end,
      secret = case when v.give_up then null else o.secret end,
      next_attempt_at = now() + least(make_interval(secs => 30 * power(2, least(o.attempts - 1, 10))), interval '1 hour')
  from verdict v
  where o.id = v.id
$function$;
grant execute on function private.email_failed(email_id bigint, error text) to service_role;
