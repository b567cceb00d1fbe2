-- A paid payment's row in my_transactions names the period it bought (for
-- the receipt); a pending or failed one has none; another user and anon
-- read none of it.
begin;
select plan(6);

select tests.create_user('receipt-ada@example.com', 'Ada') as ada \gset
select tests.create_user('receipt-bob@example.com', 'Bob') as bob \gset

create function pg_temp.paid(checkout text, receipt text) returns text language sql as $$
  select jsonb_build_object('Body', jsonb_build_object('stkCallback', jsonb_build_object(
    'MerchantRequestID', 'm-' || checkout, 'CheckoutRequestID', checkout, 'ResultCode', 0,
    'ResultDesc', 'The service request is processed successfully.',
    'CallbackMetadata', jsonb_build_object('Item', jsonb_build_array(
      jsonb_build_object('Name', 'Amount', 'Value', 250),
      jsonb_build_object('Name', 'MpesaReceiptNumber', 'Value', receipt),
      jsonb_build_object('Name', 'TransactionDate', 'Value', 20261202102115),
      jsonb_build_object('Name', 'PhoneNumber', 'Value', 254712345678))))))::text
$$;
grant execute on function pg_temp.paid(text, text) to service_role;

select tests.authenticate_as(:'ada');
select (api.start_payment('plus', '0712345678') ->> 'transaction_id')::uuid as t1 \gset
select ok((select period_starts_at is null and period_ends_at is null from api.my_transactions where id = :'t1'),
  'a pending payment has no period');
select tests.authenticate_as_service_role();
select private.record_push(:'t1', 'm-1', 'ws_CO_r1');
select is(private.receive_stk_callback(pg_temp.paid('ws_CO_r1', 'RCP1234567')), 'paid', 'the payment is settled');
select tests.clear_authentication();

select tests.authenticate_as(:'ada');
select results_eq(format('select period_starts_at, period_ends_at from api.my_transactions where id = %L', :'t1'),
  format('select starts_at, ends_at from app.subscriptions where transaction_id = %L', :'t1'),
  'a paid one names the period it bought');
select ok((select period_ends_at > period_starts_at and receipt = 'RCP1234567' from api.my_transactions where id = :'t1'),
  'with its receipt number, for the receipt page');
select tests.clear_authentication();

select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.my_transactions where id = :'t1'), 0, 'another user reads no receipt of mine');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select period_ends_at from api.my_transactions$$, '42501', null, 'anon reads none');
select tests.clear_authentication();

select * from finish();
rollback;
