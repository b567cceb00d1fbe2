/*
 * Payments: one row per M-Pesa STK push, created by `start_payment` before
 * anything leaves the machine, then pushed, then settled.
 *
 *   pending ──> paid           ResultCode 0, a receipt, amount and phone match
 *          ──> failed         any other ResultCode, or Daraja refused the push
 *          ──> expired        no answer within payments.expire_after_seconds
 *          ──> needs_review   paid, but the amount or phone differ (an admin decides)
 *   failed / expired ──> needs_review   money arrived after we gave up
 *
 * The state only moves forward and `paid` is final: a trigger refuses every
 * other change, whoever makes it. Only the settlement functions (the
 * payments_settlement migration), callable by service_role alone, change a
 * row after it is created; users only read their own rows, and admins
 * holding `payments.read_all` read every row.
 *
 * Settings (private.settings), with defaults:
 *   payments.max_pushes_per_user   5     pushes a user may start in the window
 *   payments.max_pushes_per_phone  3     pushes to one phone in the window
 *   payments.push_window_seconds   600   the window (10 minutes)
 */

create table app.transactions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app.users (id) on delete restrict,
  plan_code text not null references app.plans (code),
  amount integer not null check (amount between 1 and 250000),
  phone text not null check (phone ~ '^254[17][0-9]{8}$'),
  state text not null default 'pending' check (state in ('pending', 'paid', 'failed', 'expired', 'needs_review')),
  -- What the customer sees on the prompt and in their M-Pesa statement (Daraja's limits: 12 and 13).
  account_reference text not null check (account_reference ~ '^[A-Za-z0-9 -]{1,12}$'),
  description text not null check (description ~ '^[A-Za-z0-9 -]{1,13}$'),
  merchant_request_id text check (length(merchant_request_id) <= 100),
  checkout_request_id text unique check (length(checkout_request_id) <= 100),
  result_code integer,
  result_desc text check (length(result_desc) <= 500),
  -- The plain-words explanation shown to the user.
  message text not null default 'Check your phone and enter your M-Pesa PIN.',
  receipt text unique check (receipt ~ '^[A-Z0-9]{6,20}$'),
  paid_amount numeric(12, 2),
  paid_phone text,
  paid_at timestamptz,
  review_reason text,
  push_claimed_at timestamptz,
  pushed_at timestamptz,
  next_query_at timestamptz,
  query_attempts integer not null default 0,
  created_at timestamptz not null default now(),
  settled_at timestamptz,
  updated_at timestamptz not null default now()
);
alter table app.transactions enable row level security;
-- Daraja has no idempotency key: one waiting push per user and per phone is what stops a double charge.
create unique index transactions_one_pending_per_user on app.transactions (user_id) where state = 'pending';
create unique index transactions_one_pending_per_phone on app.transactions (phone) where state = 'pending';
create index transactions_user_created on app.transactions (user_id, created_at desc);
create index transactions_phone_created on app.transactions (phone, created_at desc);
create index transactions_due_query on app.transactions (next_query_at) where state = 'pending';
create index transactions_created on app.transactions (created_at desc);
comment on table app.transactions is 'M-Pesa STK push payments, one per push, with their forward-only state.';

alter table app.subscriptions
  add constraint subscriptions_transaction foreign key (transaction_id) references app.transactions (id);

revoke all on app.transactions from public, anon, authenticated;
grant select on app.transactions to authenticated;
grant all on app.transactions to service_role;

create policy "users read their payments, payment admins all" on app.transactions
  for select to authenticated
  using (user_id = (select app.current_user_id()) or (select app.user_has_permission('payments.read_all')));

/* The state machine, whoever writes: forward only, `paid` final. */
create or replace function app.transactions_forward_only()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  if new.state = old.state then
    if old.state <> 'pending' and (new.amount, new.phone, new.plan_code, new.user_id)
        is distinct from (old.amount, old.phone, old.plan_code, old.user_id) then
      raise exception using errcode = '55000', message = 'A settled payment cannot be changed.';
    end if;
    return new;
  end if;
  if old.state = 'pending'
     or (old.state in ('failed', 'expired') and new.state = 'needs_review') then
    new.settled_at := coalesce(new.settled_at, now());
    return new;
  end if;
  raise exception using errcode = '55000',
    message = format('A %s payment cannot become %s.', old.state, new.state);
end
$$;

create trigger transactions_forward_only
  before update on app.transactions
  for each row execute function app.transactions_forward_only();

/*
 * Phone numbers as people type them: 0712 345 678, 0112345678, +254 712
 * 345678, 254712345678, 712345678. Spaces, dashes, dots and brackets are
 * dropped; the result is 254 + 9 digits starting 7 or 1 (Kenyan mobile
 * numbers), or null. The mpesa function applies the same rule (phone.ts).
 */
create or replace function private.normalize_phone(raw text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when cleaned ~ '^\+?254[17][0-9]{8}$' then '254' || right(cleaned, 9)
    when cleaned ~ '^0[17][0-9]{8}$' then '254' || right(cleaned, 9)
    when cleaned ~ '^[17][0-9]{8}$' then '254' || cleaned
  end
  from (select regexp_replace(coalesce(raw, ''), '[\s().-]', '', 'g') as cleaned) c
  where length(coalesce(raw, '')) <= 32
$$;
comment on function private.normalize_phone(text) is 'A Kenyan mobile number as 254XXXXXXXXX, or null when it is not one.';

/* A Daraja ResultCode in plain words; an unknown code keeps Daraja's own description. */
create or replace function private.mpesa_message(code integer, description text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case code
    when 0 then 'Paid. Your new storage is ready.'
    when 1 then 'Your M-Pesa balance is not enough for this payment.'
    when 2 then 'The amount is below the M-Pesa minimum.'
    when 3 then 'The amount is above the M-Pesa maximum.'
    when 4 then 'This payment would pass your daily M-Pesa limit.'
    when 17 then 'M-Pesa refused the same amount to the same number within two minutes. Wait a little and try again.'
    when 1001 then 'Another M-Pesa prompt is already waiting on this phone. Wait a minute or two and try again.'
    when 1019 then 'The payment request expired before it was answered. Try again.'
    when 1025 then 'M-Pesa could not send the prompt to your phone. Try again.'
    when 1032 then 'You cancelled the payment on your phone.'
    when 1037 then 'Your phone could not be reached. Check that it is on and has signal, then try again.'
    when 2001 then 'The M-Pesa PIN was wrong. Try again.'
    else coalesce(nullif(btrim(left(description, 300)), ''), format('M-Pesa declined the payment (code %s).', code))
  end
$$;
comment on function private.mpesa_message(integer, text) is 'The user-facing message for a Daraja ResultCode.';

/* An error with its own status and headers, through PostgREST's RAISE SQLSTATE 'PGRST'. */
create or replace function private.raise_http(status integer, code text, message text, hint text, headers jsonb default '{}')
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise sqlstate 'PGRST' using
    message = jsonb_build_object('code', code, 'message', message, 'details', null, 'hint', hint)::text,
    detail = jsonb_build_object('status', status, 'headers', headers)::text;
end
$$;

/*
 * Seconds until another push may start for `subject` ('user' or 'phone'):
 * counted from the caller's own transactions, so no separate counter can
 * drift from what was really pushed.
 */
create or replace function private.payment_retry_after(user_id uuid, phone text)
returns integer
language plpgsql
stable
set search_path = ''
as $$
declare
  window_seconds integer := private.setting_int('payments.push_window_seconds', 600);
  per_user integer := private.setting_int('payments.max_pushes_per_user', 5);
  per_phone integer := private.setting_int('payments.max_pushes_per_phone', 3);
  nth_user timestamptz;
  nth_phone timestamptz;
begin
  -- The per_user-th most recent push in the window: the limit frees up when it leaves the window.
  select t.created_at into nth_user from app.transactions t
  where t.user_id = payment_retry_after.user_id and t.created_at > now() - make_interval(secs => window_seconds)
  order by t.created_at desc offset per_user - 1 limit 1;
  select t.created_at into nth_phone from app.transactions t
  where t.phone = payment_retry_after.phone and t.created_at > now() - make_interval(secs => window_seconds)
  order by t.created_at desc offset per_phone - 1 limit 1;
  return greatest(
    coalesce(ceil(extract(epoch from nth_user + make_interval(secs => window_seconds) - now())), 0),
    coalesce(ceil(extract(epoch from nth_phone + make_interval(secs => window_seconds) - now())), 0),
    0)::integer;
end
$$;

/*
 * Starts a payment for `plan` from `phone`: validates both, refuses a second
 * push while one waits for this user or this phone (409) and too many pushes
 * (429 with Retry-After), then records the pending row and wakes the push
 * (NOTIFY mpesa_push; the mpesa function sends the STK push and records its
 * ids). Answers {transaction_id, state, message}.
 */
create or replace function api.start_payment(plan text default null, phone text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
$$;
comment on function api.start_payment(text, text) is
  'Starts an M-Pesa payment for a plan: sends a prompt to the phone (07..., 01..., +254..., 254...). Answers {transaction_id, state, message}; 409 while a payment is waiting, 429 when asked too often.';
revoke all on function api.start_payment(text, text) from public, anon;
grant execute on function api.start_payment(text, text) to authenticated;

/* A payment's state for its owner (or a payment admin); 404 for anyone else. */
create or replace function api.payment_status(transaction_id uuid default null)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  t app.transactions;
begin
  select * into t from app.transactions x where x.id = payment_status.transaction_id;
  if t.id is null then
    raise exception using errcode = 'PT404', message = 'No such payment.';
  end if;
  return jsonb_build_object(
    'transaction_id', t.id, 'state', t.state, 'message', t.message, 'plan', t.plan_code,
    'amount', t.amount, 'receipt', t.receipt, 'result_code', t.result_code,
    'created_at', t.created_at, 'settled_at', t.settled_at,
    'final', t.state <> 'pending');
end
$$;
comment on function api.payment_status(uuid) is
  'The state of one of your payments: pending, paid, failed, expired or needs_review, with a message in plain words.';
revoke all on function api.payment_status(uuid) from public, anon;
grant execute on function api.payment_status(uuid) to authenticated, service_role;

create view api.my_transactions with (security_invoker = true) as
  select t.id, t.plan_code, p.name as plan_name, t.amount, t.phone, t.state, t.message, t.receipt,
         t.result_code, t.created_at, t.settled_at, t.paid_at
  from app.transactions t join app.plans p on p.code = t.plan_code
  where t.user_id = (select app.current_user_id());
comment on view api.my_transactions is 'Your payments, newest first by created_at: amount in KES, state, receipt number and the reason when one failed.';
revoke all on api.my_transactions from public, anon, authenticated;
grant select on api.my_transactions to authenticated, service_role;

/*
 * Every payment, for admins holding payments.read_all (RLS gives anyone else
 * only their own rows): what the operator reconciles against the M-Pesa
 * statement. Filter and total with PostgREST, e.g. ?state=eq.paid&created_at=gte.2026-12-01.
 */
create view api.admin_transactions with (security_invoker = true) as
  select t.id, t.user_id, t.plan_code, t.amount, t.phone, t.state, t.message, t.receipt, t.result_code,
         t.result_desc, t.paid_amount, t.paid_phone, t.review_reason, t.merchant_request_id,
         t.checkout_request_id, t.created_at, t.pushed_at, t.settled_at, t.paid_at
  from app.transactions t
  where (select app.user_has_permission('payments.read_all'));
comment on view api.admin_transactions is 'All payments for admins with payments.read_all, with Daraja''s ids and codes for reconciliation.';
revoke all on api.admin_transactions from public, anon, authenticated;
grant select on api.admin_transactions to authenticated, service_role;

/* Totals per day and state, for the month's reconciliation. */
create view api.admin_payment_totals with (security_invoker = true) as
  select date_trunc('day', t.created_at at time zone 'Africa/Nairobi')::date as day, t.state,
         count(*)::integer as payments, sum(t.amount)::bigint as amount_kes
  from app.transactions t
  where (select app.user_has_permission('payments.read_all'))
  group by 1, 2;
comment on view api.admin_payment_totals is 'Payments counted and summed per day (Nairobi time) and state, for admins with payments.read_all.';
revoke all on api.admin_payment_totals from public, anon, authenticated;
grant select on api.admin_payment_totals to authenticated, service_role;
