-- Plans and quota: everyone reads the price list; the quota comes from the
-- active paid period, else an admin's per-user quota, else the free plan;
-- paying again extends from the end, a bigger plan starts now with the
-- unused time credited pro rata; when a period ends the quota falls back
-- without touching files; users read only their own subscriptions.
begin;
select plan(30);

select tests.create_user('plan-ada@example.com', 'Ada') as ada \gset
select tests.create_user('plan-bob@example.com', 'Bob') as bob \gset
select tests.create_user('plan-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';
insert into private.settings (key, value) values ('payments.max_pushes_per_phone', '10')
  on conflict (key) do update set value = excluded.value;

/* Pays for `plan` as `who` through the real path: start_payment, the push, a matching callback. */
create function pg_temp.pay(who uuid, plan text, receipt text) returns uuid language plpgsql as $$
declare
  t app.transactions;
begin
  perform tests.authenticate_as(who);
  perform api.start_payment(plan, '0712345678');
  perform tests.clear_authentication();
  select * into t from app.transactions x where x.user_id = who and x.state = 'pending';
  perform tests.authenticate_as_service_role();
  perform private.record_push(t.id, 'm-' || receipt, 'ws_CO_' || receipt);
  perform private.receive_stk_callback(jsonb_build_object('Body', jsonb_build_object('stkCallback', jsonb_build_object(
    'MerchantRequestID', 'm-' || receipt, 'CheckoutRequestID', 'ws_CO_' || receipt, 'ResultCode', 0, 'ResultDesc', 'ok',
    'CallbackMetadata', jsonb_build_object('Item', jsonb_build_array(
      jsonb_build_object('Name', 'Amount', 'Value', t.amount),
      jsonb_build_object('Name', 'MpesaReceiptNumber', 'Value', receipt),
      jsonb_build_object('Name', 'PhoneNumber', 'Value', 254712345678))))))::text);
  perform tests.clear_authentication();
  return t.id;
end
$$;

-- The price list is public.
select tests.authenticate_as_role('anon');
select results_eq($$select code, quota_bytes, price_kes, period_days from api.plans$$,
  $$values ('free'::text, 1073741824::bigint, 0, null::integer), ('plus', 53687091200, 250, 30), ('pro', 214748364800, 700, 30)$$,
  'anyone reads the plans: free 1 GiB, and two paid plans with prices and periods');
select throws_ok($$select * from api.my_subscription$$, '42501', null, 'anon has no subscription to read');
select tests.clear_authentication();

-- On the free plan.
select tests.authenticate_as(:'ada');
select results_eq($$select plan_code, quota_bytes, ends_at, days_left from api.my_subscription$$,
  $$values ('free'::text, 1073741824::bigint, null::timestamptz, null::integer)$$, 'a new user is on the free plan, with no end');
select is((select quota from api.storage_usage), 1073741824::bigint, 'and the free plan''s quota');
select tests.clear_authentication();

-- Paying raises the quota at once; paying again extends from the end.
select pg_temp.pay(:'ada', 'plus', 'RCPT000001') as t1 \gset
select tests.authenticate_as(:'ada');
select is((select quota from api.storage_usage), 53687091200::bigint, 'a paid plan raises the quota');
select results_eq($$select plan_code, days_left from api.my_subscription$$, $$values ('plus'::text, 30)$$, 'for 30 days');
select tests.clear_authentication();
select ends_at as first_end from app.subscriptions where transaction_id = :'t1' \gset
select pg_temp.pay(:'ada', 'plus', 'RCPT000002') as t2 \gset
select is((select starts_at from app.subscriptions where transaction_id = :'t2'), :'first_end'::timestamptz,
  'paying again while the plan is active starts where it ends');
select tests.authenticate_as(:'ada');
select is((select days_left from api.my_subscription), 60, 'so the user now has 60 days');
select tests.clear_authentication();

-- A bigger plan starts now and credits the unused time pro rata.
select pg_temp.pay(:'ada', 'pro', 'RCPT000003') as t3 \gset
select ok(abs(extract(epoch from (select starts_at from app.subscriptions where transaction_id = :'t3') - now())) < 1,
  'an upgrade starts now');
select is((select count(*)::int from app.subscriptions where user_id = :'ada' and plan_code = 'plus'
            and (replaced_at is null or ends_at > greatest(starts_at, now()))), 0,
  'the plus periods it replaces end now (one not yet started ends before it starts)');
-- 60 unused days of plus are worth 500 KES; pro costs 700 per 30 days: 500 / (700 / 30) = 21.43 days.
select ok(abs((select credit_seconds from app.subscriptions where transaction_id = :'t3') - 60 * 86400 * (250.0 / 30) / (700.0 / 30)) < 5,
  'credited: unused seconds x old daily price / new daily price');
select tests.authenticate_as(:'ada');
select results_eq($$select plan_code, quota_bytes, days_left from api.my_subscription$$,
  $$values ('pro'::text, 214748364800::bigint, 52)$$, 'pro for 30 days plus the 21.4 credited');
select tests.clear_authentication();

-- A smaller plan bought while pro runs waits for its end.
select pg_temp.pay(:'ada', 'plus', 'RCPT000004') as t4 \gset
select is((select starts_at from app.subscriptions where transaction_id = :'t4'),
  (select ends_at from app.subscriptions where transaction_id = :'t3'), 'a smaller plan starts when the bigger one ends');
select tests.authenticate_as(:'ada');
select is((select plan_code from api.my_subscription), 'pro', 'and pro stays the plan until then');
select tests.clear_authentication();

-- Other users and the admin.
select tests.authenticate_as(:'bob');
select is((select count(*)::int from app.subscriptions), 0, 'another user cannot read my subscriptions');
select is((select plan_code from api.my_subscription), 'free', 'and is still on the free plan');
select is((select quota from api.storage_usage), 1073741824::bigint, 'with the free quota');
select throws_ok($$insert into app.subscriptions (user_id, plan_code, starts_at, ends_at) values (app.current_user_id(), 'pro', now(), now() + interval '1 year')$$,
  '42501', null, 'a user cannot give themselves a plan');
select tests.clear_authentication();
select tests.authenticate_as(:'admin');
select is((select count(*)::int from app.subscriptions where user_id = :'ada'), 4, 'a payment admin reads every subscription');
select throws_ok(format('update app.subscriptions set ends_at = now() + interval ''10 years'' where user_id = %L', :'ada'),
  '42501', null, 'but cannot change one');
select tests.clear_authentication();

-- An admin's per-user quota: kept for a free user, and for a paid one when bigger.
insert into app.storage_accounts (owner_id, quota, used) values (:'bob', 5000, 0);
select is(app.storage_quota(:'bob'), 5000::bigint, 'a free user''s per-user quota stands');
insert into app.storage_accounts (owner_id, quota, used) values (:'ada', 1000, 0);
select is(app.storage_quota(:'ada'), 214748364800::bigint, 'a paid plan beats a smaller per-user quota');

-- When every period ends the quota falls back to free; files are not touched.
update app.storage_accounts set quota = null, used = 2000000000 where owner_id = :'ada';
update app.subscriptions set starts_at = now() - interval '40 days', ends_at = now() - interval '1 second' where user_id = :'ada';
select is(app.storage_quota(:'ada'), 1073741824::bigint, 'after the paid time ends the quota is the free plan''s');
select is((select used from app.storage_accounts where owner_id = :'ada'), 2000000000::bigint, 'and nothing was deleted');
select tests.authenticate_as(:'ada');
select throws_ok($$select app.begin_upload('more.txt', 10, 'text/plain')$$, 'PT413', null, 'uploads are refused while over the quota');
select tests.clear_authentication();

-- Reminders: a week before and on the day, once each.
update app.subscriptions set ends_at = now() + interval '3 days', starts_at = now() - interval '27 days', reminded_week_at = null
where transaction_id = :'t4';
select tests.authenticate_as_service_role();
select is(private.send_plan_reminders(), 1, 'a plan ending within a week is reminded about');
select is(private.send_plan_reminders(), 0, 'once');
select tests.clear_authentication();
select is((select count(*)::int from app.notifications where user_id = :'ada' and type = 'plan_ending'), 1,
  'as a notification');
select is((select count(*)::int from private.email_outbox where to_address = 'plan-ada@example.com' and kind = 'plan_ending'), 1,
  'and its email through the outbox');
select is((select count(*)::int from app.notifications where user_id = :'ada' and type = 'payment_paid'), 4,
  'every paid payment told the user');

select * from finish();
rollback;
