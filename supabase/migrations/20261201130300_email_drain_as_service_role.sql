-- The email outbox is drained as service_role.
--
-- POST /functions/v1/email checked the service role in TypeScript and then
-- drained as the superuser. It now drains as its caller, and the grants on
-- claim_emails, email_sent and email_failed (service_role's alone) decide.
-- They were security invoker, so service_role would have needed the outbox
-- table itself (secrets included) and private.setting_int; they now run as
-- their owner, and service_role holds only the right to call them.

/*
 * The drain's side. claim_emails hands out up to `batch` due messages with
 * the secret filled in, marking them `sending` (a message stuck in `sending`
 * for 5 minutes, its sender having died, is due again). The sender then calls
 * email_sent or email_failed.
 */
create or replace function private.claim_emails(batch integer default 10)
returns table (id bigint, to_address text, subject text, body_text text, kind text, attempts integer)
language sql
volatile
security definer
set search_path = ''
as $$
  with due as (
    select o.id from private.email_outbox o
    where (o.status = 'pending' and o.next_attempt_at <= now())
       or (o.status = 'sending' and o.next_attempt_at <= now() - interval '5 minutes')
    order by o.next_attempt_at
    limit greatest(least(batch, 100), 1)
    for update skip locked
  )
  update private.email_outbox o
  set status = 'sending', attempts = o.attempts + 1, next_attempt_at = now()
  from due
  where o.id = due.id
  returning o.id, o.to_address, o.subject,
    case when o.secret is null then o.body_text else replace(o.body_text, '{{secret}}', o.secret) end,
    o.kind, o.attempts
$$;

create or replace function private.email_sent(email_id bigint)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  update private.email_outbox
  set status = 'sent', sent_at = now(), secret = null, last_error = null
  where id = email_id
$$;

/* Records a failed try: back off 30 s, 1, 2, 4 ... minutes (capped at an hour), failed for good after the limit. */
create or replace function private.email_failed(email_id bigint, error text)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  update private.email_outbox o
  set last_error = left(error, 2000),
      status = case when o.attempts >= private.setting_int('auth.email_max_attempts', 5) then 'failed' else 'pending' end,
      secret = case when o.attempts >= private.setting_int('auth.email_max_attempts', 5) then null else o.secret end,
      next_attempt_at = now() + least(make_interval(secs => 30 * power(2, least(o.attempts - 1, 10))), interval '1 hour')
  where o.id = email_id
$$;
