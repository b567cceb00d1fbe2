-- Account helpers for pgTAP: create a user directly (as the superuser) and
-- act as them with exactly the claims the gateway would set from their token.

create schema if not exists tests;

/* Creates an account with the password 'password123' (cheap hash) and returns its id. */
create or replace function tests.create_user(email text, name text default null)
returns uuid
language plpgsql
as $$
declare
  new_id uuid;
begin
  insert into app.users (email, password_hash, name)
  values (email, extensions.crypt('password123', extensions.gen_salt('bf', 4)), name)
  returning id into new_id;
  return new_id;
end
$$;

/*
 * Acts as this user: role `authenticated` and the claims of an access token
 * (sub, role, email, app_roles, session_id). A live session row is created
 * when the sessions table exists, so the pre-request check accepts it.
 */
create or replace function tests.authenticate_as(user_id uuid)
returns void
language plpgsql
as $$
declare
  user_email text;
  roles jsonb := '[]';
  session uuid := gen_random_uuid();
begin
  select u.email into user_email from app.users u where u.id = user_id;
  if user_email is null then
    raise exception 'tests.authenticate_as: no user %', user_id;
  end if;
  if to_regclass('app.user_roles') is not null then
    execute 'select coalesce(jsonb_agg(r.name order by r.name), ''[]'')
               from app.user_roles ur join app.roles r on r.id = ur.role_id
              where ur.user_id = $1'
      into roles using user_id;
  end if;
  if to_regclass('app.sessions') is not null then
    execute 'insert into app.sessions (user_id) values ($1) returning id' into session using user_id;
  end if;
  perform tests.authenticate_as_role('authenticated', jsonb_build_object(
    'sub', user_id,
    'email', user_email,
    'app_roles', roles,
    'session_id', session,
    'aud', 'authenticated'
  ));
end
$$;

/* Acts as a trusted server holding the service_role key. */
create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql
as $$
begin
  perform tests.authenticate_as_role('service_role', '{"role": "service_role"}');
end
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;
