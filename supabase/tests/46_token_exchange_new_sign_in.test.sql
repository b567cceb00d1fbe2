-- A token's exchange is a sign-in: Cy signs in from home, makes a token for
-- her backup script, and the script exchanges it from home (no news, one
-- session reused). The same token exchanged from another address, or from
-- another device, starts its own session and tells Cy, as a password
-- sign-in from there would; revoking ends every one of those sessions.
begin;
select plan(11);

select tests.create_user('tens-cy@example.com', 'Cy') as cy \gset
update app.users set email_confirmed_at = now() where id = :'cy';

create function pg_temp.from_place(address text, agent text) returns void language plpgsql as $$
begin
  perform tests.clear_authentication();
  perform tests.authenticate_as_role('anon');
  perform set_config('request.headers', jsonb_build_object('x-client-ip', address, 'user-agent', agent)::text, true);
end $$;
create function pg_temp.notes(who uuid) returns integer language sql as $$
  select coalesce(sum(count), 0)::int from app.notifications where user_id = who and type = 'new_sign_in'
$$;
create function pg_temp.token_sessions(who uuid) returns integer language sql as $$
  select count(*)::int from app.sessions where user_id = who and access_token_id is not null and ended_at is null
$$;
grant execute on function pg_temp.from_place(text, text) to anon, authenticated;

select pg_temp.from_place('10.0.0.1', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0');
select api.login('tens-cy@example.com', 'password123') is not null as signed_in \gset
select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select (api.create_access_token('backup', array['files:read'])) ->> 'token' as secret \gset

-- The script at home, with a browser-like agent it shares with the sign-in: no news.
select pg_temp.from_place('10.0.0.1', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0');
select ok(api.token_from_access_token(:'secret') -> 0 ->> 'token' is not null, 'the token exchanges from home');
select api.token_from_access_token(:'secret');
select tests.clear_authentication();
select is(pg_temp.token_sessions(:'cy'), 1, 'exchanges from the same place reuse one session');
select is(pg_temp.notes(:'cy'), 0, 'an exchange from a known address and device is no news');

-- The same token from an address the account has never used.
select pg_temp.from_place('203.0.113.9', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0');
select api.token_from_access_token(:'secret');
select tests.clear_authentication();
select is(pg_temp.token_sessions(:'cy'), 2, 'an exchange from another address starts its own session');
select is(pg_temp.notes(:'cy'), 1, 'and sends the new sign-in notice');
select is((select payload ->> 'address' from app.notifications where user_id = :'cy' and type = 'new_sign_in'), '203.0.113.9',
  'naming the new address');
select is((select count(*)::int from private.email_outbox where to_address = 'tens-cy@example.com' and kind = 'new_sign_in'), 1,
  'and emails it');

-- Again from there: the session is reused, no second notice.
select pg_temp.from_place('203.0.113.9', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0');
select api.token_from_access_token(:'secret');
select tests.clear_authentication();
select is(pg_temp.token_sessions(:'cy'), 2, 'a second exchange from the new address reuses its session');

-- From home but with a device never seen (rclone's agent).
select pg_temp.from_place('10.0.0.1', 'rclone/v1.60.1');
select api.token_from_access_token(:'secret');
select tests.clear_authentication();
select is(pg_temp.token_sessions(:'cy'), 3, 'an exchange from a new device starts its own session');
select is(pg_temp.notes(:'cy'), 2, 'and the owner hears of the new device');

-- Revoking ends them all.
select tests.authenticate_as(:'cy');
select api.revoke_access_token((select id from api.my_access_tokens where name = 'backup'));
select tests.clear_authentication();
select is(pg_temp.token_sessions(:'cy'), 0, 'revoking ends the token''s sessions in every place');

select * from finish();
rollback;
