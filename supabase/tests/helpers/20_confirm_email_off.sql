-- The test database runs with email confirmation off (auth.confirm_email),
-- as the local test stacks do: the older test files sign up and sign in at
-- once, the behaviour that setting keeps. The files that prove confirmation
-- (85_ and on) turn it on inside their own transaction.
insert into private.settings (key, value) values ('auth.confirm_email', 'off')
on conflict (key) do update set value = excluded.value;
-- tests.create_user makes accounts without a confirmed address (as signup
-- with confirmation off would mark them); the unconfirmed-address rule
-- (auth.require_email_confirmation) is proven by 53_, which turns it on.
insert into private.settings (key, value) values ('auth.require_email_confirmation', 'off')
on conflict (key) do update set value = excluded.value;
