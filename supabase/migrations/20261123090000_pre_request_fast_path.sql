/*
 * The pre-request runs before every API request, so every request pays for
 * it, though only a signed-in caller has a session to check. The first
 * version was security definer with `set search_path = ''`: a SET clause saves
 * and restores the setting on every call, anonymous ones included.
 *
 * Now app.pre_request() only tests the role it runs as (the role the token
 * named, switched to before the pre-request runs) with nothing to set up, and
 * the session check, which must read tables the caller cannot, moves into
 * app.session_is_live(), called for `authenticated` only. Same rule as
 * before; measured with bench/gateway's statements, an anonymous request costs
 * Postgres about 30 us less (bench/gateway.md).
 */

/* True when the claims name a live session of an enabled account. */
create or replace function app.session_is_live(claims jsonb)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (
    select from app.sessions s
    join app.users u on u.id = s.user_id
    where s.id = (claims ->> 'session_id')::uuid
      and s.user_id = (claims ->> 'sub')::uuid
      and s.ended_at is null
      and u.disabled_at is null
  );
exception
  when invalid_text_representation then
    return false;
end
$$;
comment on function app.session_is_live(jsonb) is 'The pre-request''s session check: the token''s session is live and its account enabled.';
grant execute on function app.session_is_live(jsonb) to authenticated;

-- No SET clause and not security definer, so an anonymous call costs a role test.
-- Every name it uses is schema-qualified or from pg_catalog, which comes first.
create or replace function app.pre_request()
returns void
language plpgsql
stable
as $$
begin
  if current_user <> 'authenticated' then
    return;
  end if;
  if not app.session_is_live(app.jwt_claims()) then
    raise exception using errcode = 'PT401', message = 'Your session has ended. Sign in again.',
      hint = 'The access token belongs to a session that was logged out, revoked or disabled.';
  end if;
end
$$;
comment on function app.pre_request() is 'db-pre-request: refuses tokens of ended sessions and disabled accounts.';
