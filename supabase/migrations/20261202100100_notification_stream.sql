/*
 * Live notifications: what the `notifications` function's server-sent-events
 * stream (GET /functions/v1/notifications/stream) and, on hosted Supabase,
 * Realtime's Broadcast need from SQL.
 *
 *   NOTIFY notifications   a trigger announces every new or folded
 *                          notification as {"u": user id, "s": seq}, and every
 *                          session that ends as {"u": user id, "ended":
 *                          session id}: ids only, never content. One
 *                          listening connection per functions process fans
 *                          them out; each stream then reads what is new for
 *                          it as its caller (RLS), from the last seq it sent,
 *                          which is also the event id a reconnect names in
 *                          Last-Event-ID.
 *   stream tickets         the browser's EventSource cannot send an
 *                          Authorization header, so a signed-in client asks
 *                          rpc/notification_stream_ticket for a ticket (256
 *                          random bits, only their SHA-256 kept, single use,
 *                          notifications.stream_ticket_ttl_seconds, 30) and
 *                          opens the stream with ?ticket=. Redeeming it
 *                          answers the claims of the session that asked (sub,
 *                          role, session_id), so the stream acts as that
 *                          session and ends with it.
 *   Realtime broadcast     private.install_realtime_broadcast(): where a
 *                          `realtime` schema exists (hosted Supabase), a
 *                          trigger sends each notification to the private
 *                          topic `user:<id>` with realtime.send, and a policy
 *                          on realtime.messages lets a user receive only their
 *                          own topic. Elsewhere it does nothing. The migration
 *                          calls it once; call it again after enabling
 *                          Realtime on a project that had none.
 */

insert into private.settings (key, value) values ('notifications.stream_ticket_ttl_seconds', '30') on conflict (key) do nothing;

/* Announces a new or folded notification to the stream's listener: ids only. */
create or replace function app.announce_notification()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform pg_notify('notifications', json_build_object('u', new.user_id, 's', new.seq)::text);
  return null;
end
$$;

create trigger notifications_announce
  after insert or update of seq on app.notifications
  for each row execute function app.announce_notification();

/* Announces an ended session, so its streams end at once. */
create or replace function app.announce_session_end()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform pg_notify('notifications', json_build_object('u', new.user_id, 'ended', new.id)::text);
  return null;
end
$$;

create trigger sessions_announce_end
  after update of ended_at on app.sessions
  for each row when (old.ended_at is null and new.ended_at is not null)
  execute function app.announce_session_end();

/* Stream tickets: hashes only, single use, seconds long. */
create table app.notification_stream_tickets (
  token_hash bytea primary key,
  user_id uuid not null references app.users (id) on delete cascade,
  session_id uuid not null references app.sessions (id) on delete cascade,
  expires_at timestamptz not null,
  used_at timestamptz
);
alter table app.notification_stream_tickets enable row level security;
create index notification_stream_tickets_expiry on app.notification_stream_tickets (expires_at);
comment on table app.notification_stream_tickets is 'SHA-256 of each notification stream ticket; single use, valid seconds, for one session.';

revoke all on app.notification_stream_tickets from public, anon, authenticated;
grant all on app.notification_stream_tickets to service_role;

-- Written and redeemed by security definer functions only; no API role reads it.
create policy "the service role manages stream tickets" on app.notification_stream_tickets
  for all to service_role using (true) with check (true);

/* A ticket for the caller's session to open the notification stream with. */
create or replace function api.notification_stream_ticket()
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_user();
  session uuid := nullif(app.jwt_claims() ->> 'session_id', '')::uuid;
  ttl integer := least(greatest(private.setting_int('notifications.stream_ticket_ttl_seconds', 30), 1), 300);
  ticket text := private.base64url(extensions.gen_random_bytes(32));
  expires timestamptz := now() + make_interval(secs => ttl);
begin
  if session is null then
    raise exception using errcode = 'PT401', message = 'Sign in first: a stream ticket belongs to a session';
  end if;
  -- Keep the table to the few tickets alive now.
  delete from app.notification_stream_tickets t where t.expires_at < now() - interval '1 minute';
  insert into app.notification_stream_tickets (token_hash, user_id, session_id, expires_at)
  values (extensions.digest(ticket, 'sha256'), me, session, expires);
  return jsonb_build_object('ticket', ticket, 'expires_at', expires, 'expires_in', ttl);
end
$$;
comment on function api.notification_stream_ticket() is
  'A single-use ticket, valid 30 seconds, to open GET /functions/v1/notifications/stream?ticket=… (an EventSource cannot send the access token): {ticket, expires_at, expires_in}. The stream acts as this session and ends with it.';
grant execute on function api.notification_stream_ticket() to authenticated;

/* Redeems a ticket once: the claims of the session it was issued to, or null. */
create or replace function app.redeem_stream_ticket(ticket text)
returns jsonb
language sql
volatile
security definer
set search_path = ''
as $$
  update app.notification_stream_tickets t
  set used_at = now()
  where t.token_hash = extensions.digest(coalesce(left(redeem_stream_ticket.ticket, 200), ''), 'sha256')
    and t.used_at is null
    and t.expires_at > now()
  returning jsonb_build_object('sub', t.user_id, 'role', 'authenticated', 'session_id', t.session_id)
$$;
comment on function app.redeem_stream_ticket(text) is 'Uses up a notification stream ticket; answers its session''s claims, or null when unknown, used or expired.';
grant execute on function app.redeem_stream_ticket(text) to anon;

/*
 * Realtime's Broadcast from Database, where Realtime exists. The broadcast
 * carries the notification as the API shows it: the topic is private to its
 * user, and the policy below checks the subscriber once per join.
 */
create or replace function app.broadcast_notification()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(app.notification_json(new), 'notification', 'user:' || new.user_id::text, true);
  return null;
end
$$;

create or replace function private.install_realtime_broadcast()
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
begin
  if to_regnamespace('realtime') is null or to_regclass('realtime.messages') is null then
    return false;
  end if;
  execute 'drop trigger if exists notifications_broadcast on app.notifications';
  execute 'create trigger notifications_broadcast after insert or update of seq on app.notifications
           for each row execute function app.broadcast_notification()';
  execute 'drop policy if exists "users receive their own notifications" on realtime.messages';
  execute $p$create policy "users receive their own notifications" on realtime.messages
           for select to authenticated
           using ((select realtime.topic()) = 'user:' || (select app.current_user_id())::text and extension = 'broadcast')$p$;
  return true;
end
$$;
comment on function private.install_realtime_broadcast() is
  'Where a realtime schema exists: broadcasts notifications to the private topic user:<id> and lets each user receive only their own. Answers whether it installed.';

select private.install_realtime_broadcast();
