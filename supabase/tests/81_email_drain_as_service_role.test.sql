-- The outbox is drained as service_role: it claims due messages and reports
-- them sent or failed, without holding the outbox table itself; a signed-in
-- user can do none of it.
begin;
select plan(6);

select tests.create_user('drain-ada@example.com', 'Ada') as ada \gset
delete from private.email_outbox;
select private.enqueue_email('someone@example.com', 'Hello', 'code {{secret}}', 'generic', '1234') as m \gset

select tests.authenticate_as(:'ada');
select throws_ok('select * from private.claim_emails(10)', '42501', null, 'a signed-in user cannot claim the outbox');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select is((select body_text from private.claim_emails(10)), 'code 1234', 'the service role claims a due message, its secret filled in');
select lives_ok(format('select private.email_failed(%s, %L)', :'m', 'smtp down'), 'and reports it failed');
select lives_ok(format('select private.email_sent(%s)', :'m'), 'or sent');
select throws_ok('select * from private.email_outbox', '42501', null, 'but cannot read the outbox itself');
select tests.clear_authentication();
select is((select status from private.email_outbox where id = :'m'), 'sent', 'what it reported is recorded');

select * from finish();
rollback;
