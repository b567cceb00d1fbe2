-- Acting as an access token, as the gateway would: exchange it as anon (from one client address, which
-- the exchange's failure throttle counts), then act with the claims of the JWT it answers.

-- The claims inside a JWT (its middle part, base64url).
create or replace function tests.claims_of(jwt text) returns jsonb language sql as $$
  select convert_from(decode(rpad(translate(p, '-_', '+/'), (length(p) + 3) / 4 * 4, '='), 'base64'), 'UTF8')::jsonb
  from split_part(jwt, '.', 2) p
$$;

-- Exchanges a token and acts with its claims; answers the exchange (an error object leaves nobody signed in).
create or replace function tests.act_with_token(secret text) returns jsonb language plpgsql as $$
declare
  answer jsonb;
begin
  perform tests.clear_authentication();
  perform tests.authenticate_as_role('anon');
  perform set_config('request.headers', '{"x-client-ip": "198.51.100.7"}', true);
  answer := api.token_from_access_token(secret);
  perform tests.clear_authentication();
  if answer ->> 'code' is not null then
    return answer;
  end if;
  perform tests.authenticate_as_role('authenticated', tests.claims_of(answer -> 0 ->> 'token'));
  return answer;
end
$$;
