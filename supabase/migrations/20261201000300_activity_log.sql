-- The activity log: an append-only record of who did what, when and from
-- where. Every auth event (signup, login, failed login, logout, token reuse,
-- reset requested, password changed, role granted or revoked, user disabled)
-- writes a row through `app.log_activity`; other features may log too.
--
-- Append-only: no API role holds update or delete, and a trigger refuses
-- them for everyone but the table owner (migrations, retention jobs run by
-- the database owner). Raw secrets (tokens, passwords) never go into `meta`.

/* The client IP the gateway put in the request headers, or null. */
create or replace function app.client_ip()
returns inet
language plpgsql
stable
set search_path = ''
as $$
declare
  raw text := coalesce(nullif(current_setting('request.headers', true), ''), '{}')::json ->> 'x-client-ip';
begin
  return nullif(trim(raw), '')::inet;
exception
  when others then
    return null;
end
$$;
comment on function app.client_ip() is 'The client IP from the x-client-ip request header the gateway sets, or null.';

/* The request's User-Agent, cut to a sane length. */
create or replace function app.user_agent()
returns text
language sql
stable
set search_path = ''
as $$
  select left(coalesce(nullif(current_setting('request.headers', true), ''), '{}')::json ->> 'user-agent', 512)
$$;

grant execute on function app.client_ip() to anon, authenticated, service_role;
grant execute on function app.user_agent() to anon, authenticated, service_role;

/*
 * One row per event. `actor_id` is deliberately not a foreign key: the log
 * outlives the accounts it mentions.
 */
create table app.activity_log (
  id bigint generated always as identity primary key,
  actor_id uuid,
  action text not null check (action ~ '^[a-z_]+(\.[a-z_]+)*$' and length(action) <= 64),
  target_type text check (length(target_type) <= 64),
  target_id text check (length(target_id) <= 256),
  meta jsonb not null default '{}',
  client_ip inet,
  user_agent text,
  created_at timestamptz not null default now()
);
alter table app.activity_log enable row level security;

comment on table app.activity_log is 'Append-only log of auth and admin events: actor, action, target, meta, client IP, user agent.';

create index activity_log_actor_created on app.activity_log (actor_id, created_at desc);
create index activity_log_created on app.activity_log (created_at desc);
create index activity_log_action_created on app.activity_log (action, created_at desc);

revoke all on app.activity_log from public, anon, authenticated, service_role;
grant select on app.activity_log to authenticated, service_role;
grant insert on app.activity_log to service_role;

/* Refuses to change or remove a logged event, except for the table owner. */
create or replace function app.refuse_activity_log_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('anon', 'authenticated', 'service_role', 'authenticator') then
    raise exception using errcode = '42501', message = 'The activity log is append-only';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger activity_log_append_only
  before update or delete on app.activity_log
  for each row execute function app.refuse_activity_log_change();

create trigger activity_log_no_truncate
  before truncate on app.activity_log
  for each statement execute function app.refuse_activity_log_change();

create policy "users read their own activity" on app.activity_log
  for select to authenticated
  using (actor_id = (select app.current_user_id()));

/*
 * Writes one event with the request's client IP and user agent. Security
 * definer so any feature may log without holding insert on the table.
 */
create or replace function app.log_activity(
  action text,
  actor_id uuid default null,
  target_type text default null,
  target_id text default null,
  meta jsonb default '{}'
)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into app.activity_log (actor_id, action, target_type, target_id, meta, client_ip, user_agent)
  values (
    coalesce(log_activity.actor_id, app.current_user_id()),
    log_activity.action,
    log_activity.target_type,
    log_activity.target_id,
    coalesce(log_activity.meta, '{}'),
    app.client_ip(),
    app.user_agent()
  )
$$;
comment on function app.log_activity(text, uuid, text, text, jsonb) is 'Appends an event to the activity log (actor defaults to the caller).';
grant execute on function app.log_activity(text, uuid, text, text, jsonb) to authenticated, service_role;
