-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.start_payment(plan text DEFAULT NULL::text, phone text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.current_user_id();
  chosen app.plans;
  msisdn text := private.normalize_phone(start_payment.phone);
  wait integer;
  created app.transactions;
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'Sign in to pay.';
  end if;
  select * into chosen from app.plans p where p.code = lower(btrim(coalesce(start_payment.plan, ''))) and p.active;
  if chosen.code is null then
    raise exception using errcode = 'PT400', message = 'Choose one of the plans on offer.',
      hint = 'GET /rest/v1/plans lists them.';
  end if;
  if chosen.price_kes = 0 then
    raise exception using errcode = 'PT400', message = 'The free plan needs no payment.';
  end if;
  if msisdn is null then
    raise exception using errcode = 'PT400',
      message = 'Enter a Safaricom M-Pesa number such as 0712 345 678 or +254 712 345 678.';
  end if;
  -- One decision per user at a time: two taps on "Pay" must not both pass the checks below.
  perform pg_advisory_xact_lock(hashtextextended('payments:' || uid::text, 0));
  if exists (select from app.transactions t where t.user_id = uid and t.state = 'pending') then
    raise exception using errcode = 'PT409',
      message = 'A payment is already waiting for your M-Pesa PIN. Finish it on your phone or wait for it to end.';
  end if;
  if exists (select from app.transactions t where t.phone = msisdn and t.state = 'pending') then
    raise exception using errcode = 'PT409',
      message = 'Another M-Pesa prompt is already waiting on this phone. Wait a minute or two and try again.';
  end if;
  wait := private.payment_retry_after(uid, msisdn);
  if wait > 0 then
    perform private.raise_http(429, 'PT429', 'Too many payment attempts. Try again later.',
      format('Retry after %s seconds', wait), jsonb_build_object('Retry-After', wait::text));
  end if;
  begin
    insert into app.transactions (user_id, plan_code, amount, phone, account_reference, description)
    values (uid, chosen.code, chosen.price_kes, msisdn, left('pgdrive ' || chosen.code, 12), 'Storage plan')
    returning * into created;
  exception when unique_violation then
    -- The same phone, pending for another user a moment ago.
    raise exception using errcode = 'PT409',
      message = 'Another M-Pesa prompt is already waiting on this phone. Wait a minute or two and try again.';
  end;
  perform app.log_activity('payments.started', uid, 'transaction', created.id::text,
    jsonb_build_object('plan', chosen.code, 'amount', chosen.price_kes, 'phone', msisdn));
  perform pg_notify('mpesa_push', created.id::text);
  return jsonb_build_object('transaction_id', created.id, 'state', created.state, 'message', created.message);
end
$function$;
grant execute on function api.start_payment(plan text, phone text) to authenticated;
comment on function api.start_payment(plan text, phone text) is 'Starts an M-Pesa payment for a plan: sends a prompt to the phone (07..., 01..., +254..., 254...). Answers {transaction_id, state, message}; 409 while a payment is waiting, 429 when asked too often.';
