/*
 * Settling payments: the only code that changes a transaction after it is
 * created. Every function here is security definer and callable by
 * service_role alone (the mpesa edge function acts as service_role for the
 * push, the callback and the reconciliation), so no user, however crafted
 * their request, can mark a payment paid.
 *
 *   claim_pushes / record_push / record_push_failure    the STK push drain
 *   receive_stk_callback                                 Daraja's callback, raw body first
 *   claim_queries / apply_stk_query                      reconciliation by STK push query
 *   activate_subscription                                the period a paid payment buys
 *
 * Settings (private.settings), with defaults:
 *   payments.query_after_seconds   60    first STK query this long after the push
 *   payments.expire_after_seconds  300   after this, "being processed" no longer counts as pending
 */

/*
 * Every callback as it came: the raw body (up to 64 KiB, cut beyond), the
 * source address, whether it was on the allow-list, and what was done.
 */
create table app.mpesa_callbacks (
  id bigint generated always as identity primary key,
  received_at timestamptz not null default now(),
  source_ip inet,
  source_allowed boolean,
  raw text not null,
  checkout_request_id text,
  transaction_id uuid references app.transactions (id),
  outcome text not null default 'received' check (length(outcome) <= 64),
  reason text
);
alter table app.mpesa_callbacks enable row level security;
create index mpesa_callbacks_checkout on app.mpesa_callbacks (checkout_request_id);
create index mpesa_callbacks_received on app.mpesa_callbacks (received_at desc);
comment on table app.mpesa_callbacks is 'Raw M-Pesa callbacks with their source and outcome, for payment admins and reconciliation.';
revoke all on app.mpesa_callbacks from public, anon, authenticated;
grant select on app.mpesa_callbacks to authenticated;
grant all on app.mpesa_callbacks to service_role;
create policy "payment admins read the callbacks" on app.mpesa_callbacks
  for select to authenticated using ((select app.user_has_permission('payments.read_all')));

/*
 * The period a paid payment buys, in the same database transaction as the
 * payment's `paid`:
 *   - a plan bigger than the one the user is on now starts now; every live
 *     period it replaces ends now, and their unused time is credited pro
 *     rata: unused seconds x (old price / old period) buys seconds at
 *     (new price / new period), added to the new period;
 *   - any other plan (the same again, or a smaller one) starts when the time
 *     already paid for ends, so paying early never loses a day.
 */
create or replace function private.activate_subscription(payment app.transactions)
returns app.subscriptions
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  bought app.plans;
  now_plan app.plans;
  credit numeric := 0;
  starts timestamptz := now();
  created app.subscriptions;
begin
  select * into bought from app.plans where code = payment.plan_code;
  select * into now_plan from app.plans where code = app.current_plan(payment.user_id);
  -- One settlement per user at a time: two callbacks for one user must not both read the old periods.
  perform pg_advisory_xact_lock(hashtextextended('subscriptions:' || payment.user_id::text, 0));
  if bought.quota_bytes > now_plan.quota_bytes then
    select coalesce(sum(
      extract(epoch from s.ends_at - greatest(s.starts_at, now()))
      * (p.price_kes::numeric / (p.period_days * 86400))
      / (bought.price_kes::numeric / (bought.period_days * 86400))), 0)
    into credit
    from app.subscriptions s join app.plans p on p.code = s.plan_code
    where s.user_id = payment.user_id and s.ends_at > now() and s.replaced_at is null and p.period_days is not null;
    update app.subscriptions s set ends_at = greatest(s.starts_at, now()), replaced_at = now()
    where s.user_id = payment.user_id and s.ends_at > now() and s.replaced_at is null;
  else
    select greatest(coalesce(max(s.ends_at), now()), now()) into starts
    from app.subscriptions s where s.user_id = payment.user_id and s.replaced_at is null;
  end if;
  insert into app.subscriptions (user_id, plan_code, starts_at, ends_at, transaction_id, credit_seconds)
  values (payment.user_id, bought.code, starts,
          starts + make_interval(days => bought.period_days) + make_interval(secs => floor(credit)),
          payment.id, floor(credit)::integer)
  returning * into created;
  return created;
end
$$;

/* Marks a pending payment paid, buys its period and logs both: the one way to `paid`. */
create or replace function private.settle_paid(payment app.transactions, receipt text, amount numeric, phone text, paid_at timestamptz)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  period app.subscriptions;
begin
  update app.transactions t
  set state = 'paid', result_code = 0, result_desc = coalesce(t.result_desc, 'The service request is processed successfully.'),
      message = private.mpesa_message(0, null), receipt = settle_paid.receipt,
      paid_amount = settle_paid.amount, paid_phone = settle_paid.phone, paid_at = coalesce(settle_paid.paid_at, now())
  where t.id = payment.id;
  period := private.activate_subscription(payment);
  perform app.log_activity('payments.paid', payment.user_id, 'transaction', payment.id::text,
    jsonb_build_object('receipt', receipt, 'amount', payment.amount, 'plan', payment.plan_code,
                       'period_ends_at', period.ends_at, 'credit_seconds', period.credit_seconds));
end
$$;

/* Marks a pending payment failed (or expired) with Daraja's code, description and the plain message. */
create or replace function private.settle_failed(payment app.transactions, code integer, description text, final_state text default 'failed')
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  update app.transactions t
  set state = settle_failed.final_state, result_code = settle_failed.code, result_desc = left(settle_failed.description, 500),
      message = private.mpesa_message(settle_failed.code, settle_failed.description)
  where t.id = payment.id;
  perform app.log_activity('payments.' || final_state, payment.user_id, 'transaction', payment.id::text,
    jsonb_build_object('result_code', code, 'result_desc', left(description, 500)));
end
$$;

/*
 * The push drain. claim_pushes hands out pending payments not yet pushed
 * (a claim older than a minute, its pusher having died, is handed out again)
 * and marks them claimed; the pusher then calls record_push or record_push_failure.
 */
create or replace function private.claim_pushes(batch integer default 10)
returns table (id uuid, amount integer, phone text, account_reference text, description text)
language sql
volatile
security definer
set search_path = ''
as $$
  with due as (
    select t.id from app.transactions t
    where t.state = 'pending' and t.checkout_request_id is null
      and (t.push_claimed_at is null or t.push_claimed_at < now() - interval '1 minute')
    order by t.created_at
    limit greatest(least(batch, 50), 1)
    for update skip locked
  )
  update app.transactions t set push_claimed_at = now()
  from due where t.id = due.id
  returning t.id, t.amount, t.phone, t.account_reference, t.description
$$;

/* Daraja accepted the push: its ids, and when to ask about it if no callback comes. */
create or replace function private.record_push(transaction_id uuid, merchant_request_id text, checkout_request_id text)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  update app.transactions t
  set merchant_request_id = record_push.merchant_request_id, checkout_request_id = record_push.checkout_request_id,
      pushed_at = now(),
      next_query_at = now() + make_interval(secs => private.setting_int('payments.query_after_seconds', 60))
  where t.id = record_push.transaction_id and t.state = 'pending' and t.checkout_request_id is null
$$;

/*
 * Daraja refused the push synchronously (bad phone, subscriber busy, rate
 * limited, wrong credentials): the payment fails with a plain reason.
 */
create or replace function private.record_push_failure(transaction_id uuid, error_code text, error_message text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  payment app.transactions;
  reason text := case
    when error_code = '400.002.02' and error_message ilike '%phone%' then 'M-Pesa did not accept this phone number. Check it and try again.'
    when error_code = '500.001.1001' then 'M-Pesa is busy with another request for this phone. Wait a minute and try again.'
    when error_code = '500.003.02' then 'M-Pesa is receiving too many requests. Wait a minute and try again.'
    when error_code in ('404.001.03', '400.002.02', '500.001.1001') then 'M-Pesa refused the request. Try again in a few minutes.'
    else 'M-Pesa could not be reached. Try again in a few minutes.'
  end;
begin
  select * into payment from app.transactions t where t.id = record_push_failure.transaction_id and t.state = 'pending' for update;
  if payment.id is null then
    return;
  end if;
  update app.transactions t
  set state = 'failed', result_desc = left(coalesce(error_code || ': ', '') || coalesce(error_message, ''), 500), message = reason
  where t.id = payment.id;
  perform app.log_activity('payments.push_failed', payment.user_id, 'transaction', payment.id::text,
    jsonb_build_object('error_code', error_code, 'error_message', left(error_message, 500)));
end
$$;

/* The value of a CallbackMetadata item by name, or null (a Balance item may come without a Value). */
create or replace function private.callback_item(metadata jsonb, item_name text)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select i -> 'Value'
  from jsonb_array_elements(case when jsonb_typeof(metadata -> 'Item') = 'array' then metadata -> 'Item' else '[]' end) i
  where i ->> 'Name' = item_name
  limit 1
$$;

/* Applies one parsed callback to its payment; answers (outcome, reason, transaction id). */
create or replace function private.apply_stk_callback(body jsonb, out outcome text, out reason text, out transaction_id uuid)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  cb jsonb := body -> 'Body' -> 'stkCallback';
  checkout text := cb ->> 'CheckoutRequestID';
  code integer;
  payment app.transactions;
  got_receipt text;
  got_amount numeric;
  got_phone text;
  got_paid_at timestamptz;
begin
  if jsonb_typeof(cb) is distinct from 'object' or checkout is null or length(checkout) > 100 then
    outcome := 'malformed'; reason := 'no Body.stkCallback.CheckoutRequestID';
    return;
  end if;
  begin
    code := (cb ->> 'ResultCode')::integer;
  exception when others then
    code := null;
  end;
  if code is null then
    outcome := 'malformed'; reason := 'ResultCode is missing or not a number';
    return;
  end if;
  select * into payment from app.transactions t where t.checkout_request_id = checkout for update;
  if payment.id is null then
    outcome := 'ignored'; reason := 'unknown CheckoutRequestID';
    return;
  end if;
  transaction_id := payment.id;
  if code = 0 then
    got_receipt := nullif(btrim(private.callback_item(cb -> 'CallbackMetadata', 'MpesaReceiptNumber') #>> '{}'), '');
    begin
      got_amount := (private.callback_item(cb -> 'CallbackMetadata', 'Amount') #>> '{}')::numeric;
      got_phone := private.callback_item(cb -> 'CallbackMetadata', 'PhoneNumber') #>> '{}';
      got_paid_at := to_timestamp(private.callback_item(cb -> 'CallbackMetadata', 'TransactionDate') #>> '{}', 'YYYYMMDDHH24MISS')::timestamp
                 at time zone 'Africa/Nairobi';
    exception when others then
      got_paid_at := null;
    end;
    if got_receipt is null or got_receipt !~ '^[A-Z0-9]{6,20}$' then
      outcome := 'ignored'; reason := 'success without a valid receipt number';
      return;
    end if;
    if exists (select from app.transactions t where t.receipt = got_receipt and t.id <> payment.id) then
      outcome := 'ignored'; reason := 'receipt number already used by another payment';
      return;
    end if;
    if payment.state = 'paid' then
      -- Settled by the query (which carries no receipt): the callback brings it; nothing else moves.
      if payment.receipt is null and got_amount = payment.amount and got_phone = payment.phone then
        update app.transactions t
        set receipt = got_receipt, paid_amount = got_amount, paid_phone = got_phone
        where t.id = payment.id;
        outcome := 'receipt_recorded'; reason := 'already paid; receipt added';
      else
        outcome := 'duplicate'; reason := 'already paid';
      end if;
      return;
    end if;
    if payment.state = 'needs_review' then
      outcome := 'duplicate'; reason := 'already waiting for review';
      return;
    end if;
    if got_amount is distinct from payment.amount::numeric or got_phone is distinct from payment.phone or payment.state <> 'pending' then
      update app.transactions t
      set state = 'needs_review', result_code = 0, result_desc = left(cb ->> 'ResultDesc', 500), receipt = got_receipt,
          paid_amount = got_amount, paid_phone = got_phone, paid_at = got_paid_at,
          review_reason = case when payment.state <> 'pending' then format('paid after the payment was %s', payment.state)
                               else format('paid %s KES from %s; expected %s KES from %s', got_amount, got_phone, payment.amount, payment.phone) end,
          message = 'We received a payment that does not match this request. We are checking it and will contact you.'
      where t.id = payment.id;
      perform app.log_activity('payments.needs_review', payment.user_id, 'transaction', payment.id::text,
        jsonb_build_object('receipt', got_receipt, 'paid_amount', got_amount, 'paid_phone', got_phone, 'was', payment.state));
      outcome := 'needs_review'; reason := 'amount, phone or state does not match';
      return;
    end if;
    perform private.settle_paid(payment, got_receipt, got_amount, got_phone, got_paid_at);
    outcome := 'paid';
    return;
  end if;
  if payment.state <> 'pending' then
    outcome := 'ignored'; reason := format('late result %s for a %s payment', code, payment.state);
    return;
  end if;
  perform private.settle_failed(payment, code, cb ->> 'ResultDesc', case when code = 1019 then 'expired' else 'failed' end);
  outcome := case when code = 1019 then 'expired' else 'failed' end;
end
$$;

/*
 * Daraja's callback, as the mpesa function received it: stored raw first,
 * then applied unless the source is refused (strict allow-list). Whatever
 * goes wrong applying it, the raw row stays and says why. Answers the outcome.
 */
create or replace function private.receive_stk_callback(raw text, source_ip inet default null, source_allowed boolean default null, refuse boolean default false)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  stored app.mpesa_callbacks;
  body jsonb;
  result_outcome text;
  result_reason text;
  result_transaction uuid;
begin
  insert into app.mpesa_callbacks (source_ip, source_allowed, raw)
  values (receive_stk_callback.source_ip, receive_stk_callback.source_allowed, left(coalesce(receive_stk_callback.raw, ''), 65536))
  returning * into stored;
  if refuse then
    update app.mpesa_callbacks set outcome = 'refused', reason = 'source address not on the allow-list' where id = stored.id;
    perform app.log_activity('payments.callback_refused', null, 'mpesa_callback', stored.id::text,
      jsonb_build_object('source_ip', source_ip::text));
    return 'refused';
  end if;
  begin
    body := raw::jsonb;
  exception when others then
    body := null;
  end;
  if body is null then
    result_outcome := 'malformed';
    result_reason := 'not JSON';
  else
    begin
      select a.outcome, a.reason, a.transaction_id into result_outcome, result_reason, result_transaction
      from private.apply_stk_callback(body) a;
    exception when others then
      -- The payment keeps its state; the row keeps the error for the operator.
      result_outcome := 'error';
      result_reason := left(sqlerrm, 300);
    end;
  end if;
  update app.mpesa_callbacks c
  set outcome = result_outcome, reason = result_reason, transaction_id = result_transaction,
      checkout_request_id = left(body -> 'Body' -> 'stkCallback' ->> 'CheckoutRequestID', 100)
  where c.id = stored.id;
  if result_outcome not in ('paid', 'failed', 'expired') then
    perform app.log_activity('payments.callback_' || result_outcome, null, 'mpesa_callback', stored.id::text,
      jsonb_build_object('reason', result_reason, 'transaction_id', result_transaction, 'source_ip', source_ip::text,
                         'source_allowed', source_allowed));
  end if;
  return result_outcome;
end
$$;

/*
 * Reconciliation. claim_queries hands out pushed payments still pending
 * whose query is due, and pushes the next one back first (15 s, 30 s,
 * 60 s, then every 2 minutes), so one payment is asked about once at a time
 * however many workers run. Payments never pushed (the pusher died) for a
 * minute fail here too, since no prompt can be answered.
 */
create or replace function private.claim_queries(batch integer default 10)
returns table (id uuid, checkout_request_id text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  stale app.transactions;
begin
  for stale in
    select * from app.transactions t
    where t.state = 'pending' and t.checkout_request_id is null and t.created_at < now() - interval '2 minutes'
    for update skip locked
  loop
    perform private.settle_failed(stale, 1025, 'The prompt was never sent.');
  end loop;
  return query
  with due as (
    select t.id from app.transactions t
    where t.state = 'pending' and t.checkout_request_id is not null and t.next_query_at <= now()
    order by t.next_query_at
    limit greatest(least(batch, 50), 1)
    for update skip locked
  )
  update app.transactions t
  set query_attempts = t.query_attempts + 1,
      next_query_at = now() + make_interval(secs => least(15 * power(2, least(t.query_attempts, 3)), 120))
  from due where t.id = due.id
  returning t.id, t.checkout_request_id;
end
$$;

/*
 * Applies the STK push query's answer: `result_code` (Daraja sends it as a
 * string) when the query answered, else the query's `error_code` and
 * `error_message`. "The transaction is being processed" and other errors
 * keep the payment pending, until payments.expire_after_seconds after the
 * push: then it is expired. A success here is credited without a receipt
 * (the query carries none; a callback arriving later adds it): the query is
 * Daraja's own answer over TLS to our request, not a claim anyone can post.
 */
create or replace function private.apply_stk_query(
  transaction_id uuid, result_code text default null, result_desc text default null,
  error_code text default null, error_message text default null)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  payment app.transactions;
  code integer;
begin
  select * into payment from app.transactions t where t.id = apply_stk_query.transaction_id for update;
  if payment.id is null or payment.state <> 'pending' then
    return 'ignored';
  end if;
  if result_code ~ '^\d{1,9}$' then
    code := result_code::integer;
  end if;
  if code is null then
    if payment.created_at < now() - make_interval(secs => private.setting_int('payments.expire_after_seconds', 300)) then
      perform private.settle_failed(payment, 1019, coalesce(error_message, 'No answer from M-Pesa'), 'expired');
      return 'expired';
    end if;
    return 'pending';
  end if;
  if code = 0 then
    perform private.settle_paid(payment, null, payment.amount, payment.phone, null);
    return 'paid';
  end if;
  perform private.settle_failed(payment, code, result_desc, case when code = 1019 then 'expired' else 'failed' end);
  return case when code = 1019 then 'expired' else 'failed' end;
end
$$;

revoke all on function private.activate_subscription(app.transactions), private.settle_paid(app.transactions, text, numeric, text, timestamptz),
  private.settle_failed(app.transactions, integer, text, text), private.claim_pushes(integer), private.record_push(uuid, text, text),
  private.record_push_failure(uuid, text, text), private.callback_item(jsonb, text), private.apply_stk_callback(jsonb),
  private.receive_stk_callback(text, inet, boolean, boolean), private.claim_queries(integer),
  private.apply_stk_query(uuid, text, text, text, text) from public;
grant usage on schema private to service_role;
grant execute on function private.claim_pushes(integer), private.record_push(uuid, text, text),
  private.record_push_failure(uuid, text, text), private.receive_stk_callback(text, inet, boolean, boolean),
  private.claim_queries(integer), private.apply_stk_query(uuid, text, text, text, text) to service_role;
