-- The published access token policy is the one create_access_token enforces:
-- "never" is refused while allow_never says false, and allowed once the
-- setting says true; the maximum it names is the one refused beyond.
begin;
select plan(7);

select tests.create_user('atp-ann@example.com', 'Ann') as ann \gset
delete from private.settings where key in ('access_tokens.allow_never', 'access_tokens.max_ttl_seconds');

select tests.authenticate_as(:'ann');
select is(api.access_token_policy() -> 'allow_never', 'false', 'by default the policy says tokens must expire');
select throws_ok($$select api.create_access_token('forever', array['files:read'], null, 0)$$, 'PT400', null,
  'and creating one that never expires is refused');
select is((api.access_token_policy() ->> 'max_ttl_seconds')::int, 31622400, 'the policy names the longest expiry');
select throws_ok(format($$select api.create_access_token('long', array['files:read'], null, %s)$$,
  (api.access_token_policy() ->> 'max_ttl_seconds')::int + 1), 'PT400', null, 'and a longer one is refused');
select lives_ok($$select api.create_access_token('a year', array['files:read'], null, 365 * 86400)$$,
  'a year, the longest choice the web offers, is within it');
select tests.clear_authentication();

insert into private.settings (key, value) values ('access_tokens.allow_never', 'true');
select tests.authenticate_as(:'ann');
select is(api.access_token_policy() -> 'allow_never', 'true', 'when the setting allows it the policy says so');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select api.access_token_policy()$$, '42501', null, 'anon does not read it');

select * from finish();
rollback;
