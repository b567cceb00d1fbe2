-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.claim_emails(batch integer DEFAULT 10)
 RETURNS TABLE(id bigint, to_address text, subject text, body_text text, kind text, attempts integer, body_html text, unsubscribe_token text)
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
    case when o.secret is null or o.unsubscribe_type is not null then o.body_text else replace(o.body_text, '{{secret}}', o.secret) end,
    o.kind, o.attempts,
    o.body_html,
    case when o.unsubscribe_type is not null then o.secret end
$function$;
grant execute on function private.claim_emails(batch integer) to service_role;
comment on function private.claim_emails(batch integer) is 'Claims up to `batch` due emails for sending: the text with its secret filled in, the HTML, and the one-click unsubscribe token when it has one.';
