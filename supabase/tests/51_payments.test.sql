-- Payments: start_payment validates in SQL and refuses a second push; each
-- user reads only their own payments, payment admins all; only service_role
-- settles, through the callback and the query, idempotently and forward only.
begin;
select plan(67);

select tests.create_user('pay-ada@example.com', 'Ada') as ada \gset
select tests.create_user('pay-bob@example.com', 'Bob') as bob \gset
select tests.create_user('pay-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

create function pg_temp.callback(checkout text, code integer, receipt text default null, amount numeric default 250,
                                 phone bigint default 254712345678) returns text language sql as $$
  select jsonb_build_object('Body', jsonb_build_object('stkCallback', jsonb_build_object(
    'MerchantRequestID', 'm-' || checkout, 'CheckoutRequestID', checkout, 'ResultCode', code,
    'ResultDesc', case code when 0 then 'The service request is processed successfully.' when 1032 then 'Request cancelled by user' else 'Failed' end)
    || case when code = 0 then jsonb_build_object('CallbackMetadata', jsonb_build_object('Item', jsonb_build_array(
         jsonb_build_object('Name', 'Amount', 'Value', amount),
         jsonb_build_object('Name', 'MpesaReceiptNumber', 'Value', receipt),
         jsonb_build_object('Name', 'Balance'),
         jsonb_build_object('Name', 'TransactionDate', 'Value', 20261202102115),
         jsonb_build_object('Name', 'PhoneNumber', 'Value', phone)))) else '{}' end))::text
$$;
grant execute on function pg_temp.callback(text, integer, text, numeric, bigint) to service_role;
insert into private.settings (key, value) values ('payments.max_pushes_per_user', '6'), ('payments.max_pushes_per_phone', '6')
  on conflict (key) do update set value = excluded.value;

-- Phone numbers as people type them.
select is(private.normalize_phone('0712 345 678'), '254712345678', '07... with spaces becomes 2547...');
select is(private.normalize_phone('+254 112-345-678'), '254112345678', '+254 1... with dashes becomes 2541...');
select is(private.normalize_phone('254712345678'), '254712345678', '254... stays as it is');
select is(private.normalize_phone('712345678'), '254712345678', 'nine digits get the country code');
select ok(private.normalize_phone('0812345678') is null and private.normalize_phone('07123') is null
          and private.normalize_phone('+255712345678') is null and private.normalize_phone('07l2345678') is null
          and private.normalize_phone(null) is null,
  'other prefixes, short numbers, other countries, letters and null are not phone numbers');

-- anon cannot pay or read payments.
select tests.authenticate_as_role('anon');
select throws_ok($$select api.start_payment('plus', '0712345678')$$, '42501', null, 'anon cannot start a payment');
select throws_ok($$select * from api.my_transactions$$, '42501', null, 'anon cannot read payments');
select throws_ok($$select * from app.transactions$$, '42501', null, 'anon cannot read the payments table');
select tests.clear_authentication();

-- The owner starts a payment; bad input is a clear 400.
select tests.authenticate_as(:'ada');
select throws_ok($$select api.start_payment('gold', '0712345678')$$, 'PT400', 'Choose one of the plans on offer.', 'an unknown plan is refused');
select throws_ok($$select api.start_payment('free', '0712345678')$$, 'PT400', 'The free plan needs no payment.', 'the free plan is not sold');
select throws_ok($$select api.start_payment('plus', '0812 345 678')$$, 'PT400',
  'Enter a Safaricom M-Pesa number such as 0712 345 678 or +254 712 345 678.', 'a number that is not a Kenyan mobile is refused');
select api.start_payment(' Plus ', '0712 345 678') as started \gset
select is(:'started'::jsonb ->> 'state', 'pending', 'a payment starts pending');
select is(:'started'::jsonb ->> 'message', 'Check your phone and enter your M-Pesa PIN.', 'and tells the user what to do');
select (:'started'::jsonb ->> 'transaction_id')::uuid as t1 \gset
select results_eq($$select plan_code, amount, phone, state from api.my_transactions$$,
  $$values ('plus'::text, 250, '254712345678'::text, 'pending'::text)$$, 'the owner reads it: the plan''s price, the normalised phone');
select throws_ok($$select api.start_payment('pro', '0722000000')$$, 'PT409', null, 'a second push while one is pending is refused');
select throws_ok($$update app.transactions set state = 'paid'$$, '42501', null, 'the owner cannot mark a payment paid');
select throws_ok($$select private.receive_stk_callback('{}')$$, '42501', null, 'the owner cannot call the settlement');
select throws_ok(format('select private.apply_stk_query(%L, ''0'')', :'t1'), '42501', null, 'nor the query''s settlement');
select is(api.payment_status(:'t1') ->> 'state', 'pending', 'payment_status answers the owner');
select tests.clear_authentication();

-- Another user sees nothing of it and cannot push to the same phone.
select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.my_transactions), 0, 'another user does not see my payment');
select is((select count(*)::int from app.transactions), 0, 'nor in the table');
select is((select count(*)::int from api.admin_transactions), 0, 'the admin view shows a user nothing');
select throws_ok(format('select api.payment_status(%L)', :'t1'), 'PT404', 'No such payment.', 'another user''s payment is not found');
select throws_ok($$select api.start_payment('plus', '+254712345678')$$, 'PT409',
  'Another M-Pesa prompt is already waiting on this phone. Wait a minute or two and try again.', 'a second push to the same phone is refused');
select tests.clear_authentication();

-- The admin reads every payment, and cannot settle one either.
select tests.authenticate_as(:'admin');
select is((select count(*)::int from api.admin_transactions where id = :'t1'), 1, 'a payment admin sees every payment');
select is((select count(*)::int from api.my_transactions), 0, 'but my_transactions stays their own');
select throws_ok($$update app.transactions set state = 'paid'$$, '42501', null, 'the admin cannot mark a payment paid');
select tests.clear_authentication();

-- The push drain, as service_role.
select tests.authenticate_as_service_role();
select is((select count(*)::int from private.claim_pushes(10)), 1, 'the drain claims the unpushed payment');
select is((select count(*)::int from private.claim_pushes(10)), 0, 'and nobody else gets it while claimed');
select private.record_push(:'t1', 'm-1', 'ws_CO_1');
select is((select checkout_request_id from app.transactions where id = :'t1'), 'ws_CO_1', 'the CheckoutRequestID is recorded');

-- Callbacks: malformed, unknown and forged ones change nothing.
select is(private.receive_stk_callback('not json', '196.201.214.200', true), 'malformed', 'a body that is not JSON is malformed');
select is(private.receive_stk_callback('{"Body": {}}'), 'malformed', 'a body without stkCallback is malformed');
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_nope', 0, 'QAZ1234567')), 'ignored', 'an unknown CheckoutRequestID is ignored');
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_1', 0, null)), 'ignored', 'a success without a receipt is ignored');
select is((select state from app.transactions where id = :'t1'), 'pending', 'so the payment is still pending');
select is((select count(*)::int from app.mpesa_callbacks), 4, 'every callback is stored raw');
select is((select raw from app.mpesa_callbacks order by id limit 1), 'not json', 'exactly as it came');
select is((select count(*)::int from app.activity_log where action like 'payments.callback_%'), 4, 'and each ignored one is logged with its reason');

-- A matching success pays, once.
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_1', 0, 'QAZ1234567')), 'paid', 'a matching success pays');
select results_eq(format('select state, receipt, paid_amount from app.transactions where id = %L', :'t1'),
  $$values ('paid'::text, 'QAZ1234567'::text, 250.00::numeric(12,2))$$, 'with its receipt and amount');
select is((select count(*)::int from app.subscriptions where transaction_id = :'t1'), 1, 'and buys a period in the same transaction');
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_1', 0, 'QAZ1234567')), 'duplicate', 'the same callback again is a duplicate');
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_1', 1032)), 'ignored', 'a late failure after success is ignored');
select is((select state from app.transactions where id = :'t1'), 'paid', 'paid stays paid');
select is((select count(*)::int from app.subscriptions where user_id = :'ada'), 1, 'and no second period was bought');
select throws_ok(format('update app.transactions set state = ''failed'' where id = %L', :'t1'), '55000', null,
  'even service_role cannot downgrade a paid payment');
select tests.clear_authentication();

-- A failure: the message in plain words.
select tests.authenticate_as(:'ada');
select (api.start_payment('plus', '0712345678') ->> 'transaction_id')::uuid as t2 \gset
select tests.authenticate_as_service_role();
select private.record_push(:'t2', 'm-2', 'ws_CO_2');
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_2', 1032)), 'failed', 'a cancel fails the payment');
select results_eq(format('select state, result_code, message from app.transactions where id = %L', :'t2'),
  $$values ('failed'::text, 1032, 'You cancelled the payment on your phone.'::text)$$, 'with the code and the plain reason');
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_2', 0, 'QAZ7654321')), 'needs_review',
  'money arriving after a failure goes to review, not to a credit');
select is((select count(*)::int from app.subscriptions where transaction_id = :'t2'), 0, 'no period for it');

-- Wrong amount, wrong phone, a reused receipt.
select tests.authenticate_as(:'ada');
select (api.start_payment('plus', '0712345678') ->> 'transaction_id')::uuid as t3 \gset
select tests.authenticate_as_service_role();
select private.record_push(:'t3', 'm-3', 'ws_CO_3');
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_3', 0, 'QAZ1234567')), 'ignored', 'a reused receipt number is ignored');
select is((select state from app.transactions where id = :'t3'), 'pending', 'and changes nothing');
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_3', 0, 'QAZ0000003', 1)), 'needs_review', 'a different amount goes to review');
select is((select count(*)::int from app.subscriptions where transaction_id = :'t3'), 0, 'and buys nothing');
select tests.authenticate_as(:'ada');
select (api.start_payment('plus', '0712345678') ->> 'transaction_id')::uuid as t4 \gset
select tests.authenticate_as_service_role();
select private.record_push(:'t4', 'm-4', 'ws_CO_4');
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_4', 0, 'QAZ0000004', 250, 254700000000)), 'needs_review',
  'a different phone goes to review');

-- The query: still processing stays pending until it expires; a success there pays without a receipt.
select tests.authenticate_as(:'ada');
select (api.start_payment('plus', '0712345678') ->> 'transaction_id')::uuid as t5 \gset
select tests.authenticate_as_service_role();
select private.record_push(:'t5', 'm-5', 'ws_CO_5');
select is((select count(*)::int from private.claim_queries(10)), 0, 'no query before payments.query_after_seconds');
select tests.clear_authentication();
update app.transactions set next_query_at = now() - interval '1 second' where id = :'t5';
select tests.authenticate_as_service_role();
select is((select checkout_request_id from private.claim_queries(10)), 'ws_CO_5', 'then the query is due');
select is((select count(*)::int from private.claim_queries(10)), 0, 'once at a time: it is pushed back while asked');
select is(private.apply_stk_query(:'t5', null, null, '500.001.1001', 'The transaction is being processed'), 'pending',
  '"being processed" keeps it pending');
select tests.clear_authentication();
update app.transactions set created_at = now() - interval '6 minutes' where id = :'t5';
select tests.authenticate_as_service_role();
select is(private.apply_stk_query(:'t5', null, null, '500.001.1001', 'The transaction is being processed'), 'expired',
  'but not after payments.expire_after_seconds');
select tests.authenticate_as(:'ada');
select is(api.payment_status(:'t5') ->> 'message', 'The payment request expired before it was answered. Try again.', 'the owner is told it expired');
select (api.start_payment('plus', '0712345678') ->> 'transaction_id')::uuid as t6 \gset
select tests.authenticate_as_service_role();
select private.record_push(:'t6', 'm-6', 'ws_CO_6');
select is(private.apply_stk_query(:'t6', '0', 'The service request is processed successfully.'), 'paid', 'a query answering 0 pays');
select is(private.receive_stk_callback(pg_temp.callback('ws_CO_6', 0, 'QAZ0000006')), 'receipt_recorded',
  'a late callback after the query adds the receipt and nothing else');
select is((select count(*)::int from app.subscriptions where transaction_id = :'t6'), 1, 'one period for it');
select tests.clear_authentication();

-- Too many pushes: 429 with Retry-After (six pushes in the window, the limit set to six above).
select tests.authenticate_as(:'ada');
select throws_ok($$select api.start_payment('plus', '0712345678')$$, 'PGRST', null, 'past the limit a push is refused');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
create temp table limit_error as select null::text as message, null::text as detail;
grant all on limit_error to authenticated;
do $$
declare
  d text;
  m text;
begin
  perform api.start_payment('plus', '0712345678');
exception when sqlstate 'PGRST' then
  get stacked diagnostics m = message_text, d = pg_exception_detail;
  update limit_error set message = m, detail = d;
end
$$;
select is((select (message::jsonb) ->> 'code' from limit_error), 'PT429', 'the answer is a 429');
select ok((select (detail::jsonb) -> 'headers' ->> 'Retry-After' from limit_error)::integer between 1 and 600, 'with Retry-After in seconds');
select tests.clear_authentication();

select * from finish();
rollback;
