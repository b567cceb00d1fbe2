-- With auth.confirm_email on, update_me never says whether an address is
-- taken: it mails a link to the new address and a notice to the old one, and
-- the email changes only when the link is opened, and only to an address
-- no confirmed account holds. An unconfirmed address is claimed from the
-- account that never proved it.
begin;
select plan(28);

update private.settings set value = 'on' where key = 'auth.confirm_email';

select tests.create_user('pat@example.com', 'Pat') as pat \gset
select tests.create_user('sam@example.com', 'Sam') as sam \gset
update app.users set email_confirmed_at = now() where id in (:'pat', :'sam');

select tests.authenticate_as(:'pat');
select is(api.update_me(null, null, 'pat.new@example.com', 'not my password') ->> 'message', 'Current password is incorrect',
  'an email change still needs the current password');
select api.update_me(null, null, 'pat.new@example.com', 'password123') as free_answer \gset
select lives_ok($$ select api.update_me(null, null, 'sam@example.com', 'password123') $$, 'asking for a taken address is not refused');
select api.update_me(null, null, 'SAM@example.com', 'password123') as taken_answer \gset
select tests.clear_authentication();

select is(:'free_answer'::jsonb ->> 'message', 'Check your new address to confirm the change.', 'update_me says to check the new address');
select is(:'free_answer'::jsonb ->> 'email', 'pat@example.com', 'the email has not changed yet');
select is(:'free_answer'::jsonb ->> 'pending_email', 'pat.new@example.com', 'the new one is pending');
select is(:'taken_answer'::jsonb - 'pending_email', :'free_answer'::jsonb - 'pending_email',
  'a taken address gets the same answer as a free one');
select is(:'taken_answer'::jsonb ->> 'pending_email', 'SAM@example.com', 'with the address asked for pending');
select is((select email::text from app.users where id = :'pat'), 'pat@example.com', 'nothing changed in the account');

select ok((select body_text like '%/confirm?token={{secret}}%' and secret is not null
           from private.email_outbox where to_address = 'pat.new@example.com' and kind = 'email_change_confirmation'),
  'the new address is mailed a link');
select is((select count(*)::int from private.email_outbox where to_address = 'SAM@example.com' and kind = 'email_change_confirmation'), 1,
  'a taken address is mailed a link too, as any other');
select ok((select bool_and(secret is null) and bool_or(body_text like '%from pat@example.com to pat.new@example.com%')
           from private.email_outbox where to_address = 'pat@example.com' and kind = 'email_change_requested'),
  'the old address is told, with no link');
select secret as free_token from private.email_outbox where to_address = 'pat.new@example.com' and kind = 'email_change_confirmation' \gset
select secret as taken_token from private.email_outbox where to_address = 'SAM@example.com' and kind = 'email_change_confirmation' \gset

select tests.authenticate_as_role('anon');
select throws_ok(format('select api.confirm_email(%L)', :'free_token'), 'PT400', 'This confirmation link is invalid or has expired',
  'a newer request ends the older one''s link');
select throws_ok(format('select api.confirm_email(%L)', :'taken_token'), 'PT409', 'An account with this email already exists',
  'opening the link for an address a confirmed account holds is a 409, to the link''s holder');
select tests.clear_authentication();
select is((select email::text from app.users where id = :'pat'), 'pat@example.com', 'and changes nothing');
select is((select email::text from app.users where id = :'sam'), 'sam@example.com', 'for either account');

-- The change happens when the link is opened
select tests.authenticate_as(:'pat');
select api.update_me(null, null, 'pat.new@example.com', 'password123');
select tests.clear_authentication();
select secret as new_token from private.email_outbox where to_address = 'pat.new@example.com' and kind = 'email_change_confirmation' order by id desc limit 1 \gset
select tests.authenticate_as_role('anon');
select is(api.confirm_email(:'new_token'), '{"message": "Your email address was changed.", "email": "pat.new@example.com"}',
  'opening the link changes the email');
select tests.clear_authentication();
select is((select email::text from app.users where id = :'pat'), 'pat.new@example.com', 'the account has the new address');
select ok((select email_confirmed_at > now() - interval '1 minute' from app.users where id = :'pat'), 'confirmed now');
select is((select count(*)::int from private.email_outbox where to_address = 'pat@example.com' and subject = 'Your pgdrive email address was changed'), 1,
  'the old address is told it changed');
select is((select count(*)::int from app.activity_log where actor_id = :'pat' and action = 'auth.email_changed'), 1, 'the change is in the activity log');
select tests.authenticate_as(:'pat');
select is(api.me() ->> 'pending_email', null, 'nothing is pending any more');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok(format('select api.confirm_email(%L)', :'new_token'), 'PT400', 'This confirmation link is invalid or has expired', 'the link works once');
select tests.clear_authentication();

-- A change of case only is no new address: it applies at once
select tests.authenticate_as(:'pat');
select is(api.update_me(null, null, 'Pat.New@example.com', 'password123') ->> 'email', 'Pat.New@example.com', 'a change of case applies at once');
select tests.clear_authentication();

-- An unconfirmed address is claimed from the account that never proved it
select tests.create_user('squat@example.com', 'Squatter') as squat \gset
select tests.authenticate_as(:'sam');
select api.update_me(null, null, 'squat@example.com', 'password123');
select tests.clear_authentication();
select secret as claim_token from private.email_outbox where to_address = 'squat@example.com' and kind = 'email_change_confirmation' \gset
select tests.authenticate_as_role('anon');
select is(api.confirm_email(:'claim_token') ->> 'email', 'squat@example.com', 'the real owner claims an unconfirmed address through its mailbox');
select tests.clear_authentication();
select is((select email::text from app.users where id = :'sam'), 'squat@example.com', 'the address is theirs');
select is((select count(*)::int from app.users where id = :'squat'), 0, 'the unconfirmed account that held it, never signed in, is gone');
select is((select count(*)::int from app.activity_log where action = 'auth.unconfirmed_account_removed' and target_id = :'squat'), 1,
  'which the activity log records');

-- ... but not from one that has been used (signed in while confirmation was off)
select tests.create_user('used@example.com', 'Used') as used \gset
insert into app.sessions (user_id) values (:'used');
select tests.authenticate_as(:'pat');
select api.update_me(null, null, 'used@example.com', 'password123');
select tests.clear_authentication();
select secret as used_token from private.email_outbox where to_address = 'used@example.com' and kind = 'email_change_confirmation' \gset
select tests.authenticate_as_role('anon');
select throws_ok(format('select api.confirm_email(%L)', :'used_token'), 'PT409', 'An account with this email already exists',
  'an unconfirmed account that has signed in keeps its address');
select tests.clear_authentication();

select * from finish();
rollback;
