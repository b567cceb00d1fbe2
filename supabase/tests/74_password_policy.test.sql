-- The password policy (NIST SP 800-63B): 8 characters, 10 for an
-- administrator, at most 72 bytes; no trivial, common or personal passwords;
-- no composition rules.
begin;
select plan(24);

select tests.authenticate_as_role('anon');
select throws_ok($$ select api.signup('a1@example.com', '        ', null) $$, 'PT400',
  'Password is too easy to guess: it repeats one character or follows a sequence', 'eight spaces are refused');
select throws_ok($$ select api.signup('a1@example.com', 'password', null) $$, 'PT400',
  'Password is too common: it is on lists of leaked passwords', '"password" is refused as a leaked password');
select throws_ok($$ select api.signup('a1@example.com', '12345678', null) $$, 'PT400', null, '"12345678" is refused');
select throws_ok($$ select api.signup('a1@example.com', 'aaaaaaaaaaaa', null) $$, 'PT400',
  'Password is too easy to guess: it repeats one character or follows a sequence', 'one character repeated is refused');
select throws_ok($$ select api.signup('a1@example.com', 'abcdefghij', null) $$, 'PT400',
  'Password is too easy to guess: it repeats one character or follows a sequence', 'a sequence going up is refused');
select throws_ok($$ select api.signup('a1@example.com', '98765432', null) $$, 'PT400',
  'Password is too easy to guess: it repeats one character or follows a sequence', 'a sequence going down is refused');
select throws_ok($$ select api.signup('a1@example.com', 'Password123', null) $$, 'PT400',
  'Password is too common: it is on lists of leaked passwords', 'a leaked password is refused whatever its case');
select throws_ok($$ select api.signup('a1@example.com', '  iloveyou1 ', null) $$, 'PT400',
  'Password is too common: it is on lists of leaked passwords', 'and with spaces around it');
select throws_ok($$ select api.signup('margaret@example.com', 'Margaret was here', null) $$, 'PT400',
  'Password must not contain your email address', 'a password holding the email''s name is refused');
select throws_ok($$ select api.signup('margaret+drive@example.com', 'margaret rules 42', null) $$, 'PT400',
  'Password must not contain your email address', 'also for an address with a +tag');
select throws_ok($$ select api.signup('a1@example.com', 'my pgdrive secret', null) $$, 'PT400',
  'Password must not contain the name of this service', 'a password holding the service''s name is refused');
select throws_ok($$ select api.signup('a1@example.com', 'abc1234', null) $$, 'PT400',
  'Password is too short: at least 8 characters', 'seven characters are too few');
select ok((api.signup('bob@example.com', 'bob and alice 42', null) -> 0 ->> 'token') is not null,
  'an email name of three letters is not looked for (too many false alarms)');
select ok((api.signup('turtle@example.com', 'żółwie12', null) -> 0 ->> 'token') is not null,
  'eight characters are enough even when they take more bytes');
select ok((api.signup('ada@example.com', 'correct horse battery', null) -> 0 ->> 'token') is not null,
  'a passphrase without digits or symbols is fine: no composition rules');
select tests.clear_authentication();

-- Administrators: 10 characters, whenever they set a password
select tests.create_user('boss@example.com', 'Boss') as boss \gset
select tests.create_user('worker@example.com', 'Worker') as worker \gset
insert into app.user_roles (user_id, role_id) select :'boss', id from app.roles where name = 'admin';
select ok(private.holds_admin_role(:'boss') and not private.holds_admin_role(:'worker'), 'an admin holds an administrator''s role, an editor does not');

select tests.authenticate_as(:'boss');
select throws_ok($$ select api.change_password('password123', 'nine char') $$, 'PT400',
  'Password is too short: at least 10 characters for an administrator', 'an administrator''s new password needs 10 characters');
select is(api.change_password('password123', 'ten chars!') ->> 'message', 'Your password was changed. Other devices were signed out.', 'ten are enough');
select tests.clear_authentication();
select tests.authenticate_as(:'worker');
select is(api.change_password('password123', 'nine char') ->> 'message', 'Your password was changed. Other devices were signed out.', 'an editor may keep to 8');
select throws_ok($$ select api.change_password('nine char', 'qwertyuiop') $$, 'PT400',
  'Password is too common: it is on lists of leaked passwords', 'change_password refuses a leaked password');
select tests.clear_authentication();

-- A reset checks for the account the link belongs to
select tests.authenticate_as_role('anon');
select api.forgot_password('boss@example.com');
select tests.clear_authentication();
select secret as token from private.email_outbox where kind = 'password_reset' \gset
select tests.authenticate_as_role('anon');
select throws_ok(format($$ select api.reset_password(%L, 'nine char') $$, :'token'), 'PT400',
  'Password is too short: at least 10 characters for an administrator', 'a reset of an administrator''s password needs 10 characters');
select throws_ok(format($$ select api.reset_password(%L, 'boss of everything') $$, :'token'), 'PT400',
  'Password must not contain your email address', 'and is checked against the account''s own email');
select lives_ok(format($$ select api.reset_password(%L, 'a long new phrase') $$, :'token'), 'a refused password leaves the link usable');
select tests.clear_authentication();

select throws_ok($$ select private.ensure_superadmin('root@example.com', 'root pw 1') $$, 'PT400',
  'Password is too short: at least 10 characters for an administrator', 'the configured superadmin needs an administrator''s password');

select * from finish();
rollback;
