/*
 * Notifications: what tells a user that something happened.
 *
 * A notification is a row of app.notifications, written by SQL in the same
 * transaction as the event that causes it (a trigger or the action's own
 * function calls app.notify), so it exists exactly when its cause committed
 * and rolls back with it. TypeScript never writes one after the fact.
 *
 *   app.notification_types        one row per kind: its category, the words
 *                                 the bell shows (templates), whether it is
 *                                 emailed by default, whether that email can be
 *                                 turned off, its email's subject and body,
 *                                 and how long events of the kind fold.
 *   app.notifications             one row per user and event (or fold of
 *                                 events), under RLS: a user reads, marks read
 *                                 and deletes only their own.
 *   app.notification_preferences  a user's email choice per type; in-app rows
 *                                 are always written.
 *   app.notify(user, type, payload, item_type, item_id)
 *                                 the one writer: folds into the user's unread
 *                                 notification of the same type on the same
 *                                 item (null item: same type) created within
 *                                 the type's fold_seconds (60), counting the
 *                                 events (`count`) and keeping the newest
 *                                 payload ("Ada uploaded 12 files to Drop
 *                                 box"); otherwise inserts, and queues the
 *                                 type's email when the user's preference (or
 *                                 the type's default, or its lock) says so.
 *                                 Every write takes a new `seq`, the order of
 *                                 the list and the id of the live stream's
 *                                 events, so a fold shows again as new.
 *
 * Adding a type (sharing, payments) is one insert into
 * app.notification_types and a call of app.notify where the event happens:
 *
 *   insert into app.notification_types (type, category, description, title, title_folded,
 *     email_default, email_subject, email_body)
 *   values ('file_shared', 'sharing', 'Someone shared a file with you',
 *     '{{by}} shared {{name}} with you', '{{by}} shared {{count}} files with you',
 *     true, '{{by}} shared {{name}} with you', E'Hello,\n\n{{by}} shared {{name}} with you:\n{{item_url}}\n');
 *   perform app.notify(recipient, 'file_shared', jsonb_build_object('by', ..., 'name', ...), 'file', file_id);
 *
 * A type's name is also the outbox `kind` of its email. Templates name
 * payload keys as {{key}} (and {{count}}; emails also {{name_of_user}},
 * {{site_url}}); a value is inserted as text, never as markup. app.notify is
 * security definer and granted to no API role: it is called by security
 * definer functions and triggers, so a user cannot notify anyone of anything.
 *
 * The events of today: security (password changed, email changed, every
 * session ended, a sign-in from a new device or address) and storage (80%
 * and 95% of the quota). Security emails for password and email changes
 * cannot be turned off (email_locked); the email about a changed address
 * goes to the old address (it is the one that must hear of it) from the
 * functions that change it, as before, so that type has no template here.
 *
 * Retention: read notifications older than notifications.retention_days (90)
 * are deleted by the accounts housekeeping (private.purge_auth_data).
 */

/* The kinds of notification. */
create table app.notification_types (
  type text primary key check (type ~ '^[a-z][a-z0-9_]*$' and length(type) <= 64),
  category text not null check (category ~ '^[a-z][a-z0-9_]*$'),
  description text not null check (length(description) <= 200),
  title text not null check (length(title) <= 300),
  title_folded text check (length(title_folded) <= 300),
  email_default boolean not null default true,
  email_locked boolean not null default false,
  email_subject text check (length(email_subject) <= 300),
  email_body text,
  fold_seconds integer not null default 60 check (fold_seconds between 0 and 86400),
  sort_order integer not null default 100,
  constraint notification_types_email_whole check ((email_subject is null) = (email_body is null)),
  constraint notification_types_locked_emails check (not email_locked or email_default)
);
alter table app.notification_types enable row level security;
comment on table app.notification_types is 'Kinds of notification: words, email templates, email default and lock, fold window.';

revoke all on app.notification_types from public, anon, authenticated;
grant select on app.notification_types to authenticated;
grant all on app.notification_types to service_role;

create policy "signed-in users read the notification types" on app.notification_types
  for select to authenticated using (true);

insert into app.notification_types (type, category, description, title, title_folded, email_default, email_locked, email_subject, email_body, sort_order) values
  ('password_changed', 'security', 'Your password was changed',
   'Your password was changed', null, true, true,
   'Your pgdrive password was changed',
   E'Hello{{name_of_user}},\n\nThe password of your pgdrive account was just changed, and every other device was signed out.\n\nIf this was not you, reset your password now at {{site_url}}/forgot-password and tell your administrator.\n',
   10),
  ('email_changed', 'security', 'Your email address was changed',
   'Your email address was changed to {{to}}', null, true, true, null, null, 20),
  ('new_sign_in', 'security', 'A sign-in from a new device or address',
   'New sign-in from {{address}} ({{device}})', '{{count}} new sign-ins, the latest from {{address}}', true, false,
   'New sign-in to your pgdrive account',
   E'Hello{{name_of_user}},\n\nYour pgdrive account was just signed in to from a device or address it has not used lately:\n\n  address: {{address}}\n  device:  {{device}}\n\nIf this was you, there is nothing to do. If it was not, change your password at {{site_url}}/settings and sign out everywhere.\n',
   30),
  ('sessions_ended', 'security', 'You signed out everywhere',
   'You signed out on every device ({{sessions}} sessions)', null, false, false,
   'You signed out of pgdrive everywhere',
   E'Hello{{name_of_user}},\n\nEvery session of your pgdrive account was just ended ({{sessions}} in all). Sign in again on the devices you use.\n\nIf this was not you, change your password at {{site_url}}/settings.\n',
   40),
  ('storage_80', 'storage', 'Your storage is 80% full',
   'Your storage is {{percent}}% full ({{used_pretty}} of {{quota_pretty}})', null, true, false,
   'Your pgdrive storage is 80% full',
   E'Hello{{name_of_user}},\n\nYou are using {{used_pretty}} of your {{quota_pretty}} of storage ({{percent}}%). Empty the trash or remove files you no longer need: {{site_url}}/trash\n',
   50),
  ('storage_95', 'storage', 'Your storage is 95% full',
   'Your storage is {{percent}}% full ({{used_pretty}} of {{quota_pretty}})', null, true, false,
   'Your pgdrive storage is almost full',
   E'Hello{{name_of_user}},\n\nYou are using {{used_pretty}} of your {{quota_pretty}} of storage ({{percent}}%). Uploads stop when it is full. Empty the trash or remove files you no longer need: {{site_url}}/trash\n',
   60);

/*
 * Notifications. `seq` orders them (newest activity first) and is the live
 * stream's event id; it is taken anew when an event folds into the row.
 * `item_type`/`item_id` link to what it is about (a file, a folder); no
 * foreign key, since the item may be gone while the notice stays.
 */
create sequence app.notifications_seq;

create table app.notifications (
  id bigint generated always as identity primary key,
  user_id uuid not null references app.users (id) on delete cascade,
  type text not null references app.notification_types (type) on update cascade,
  payload jsonb not null default '{}' check (jsonb_typeof(payload) = 'object' and pg_column_size(payload) <= 8192),
  item_type text check (item_type ~ '^[a-z][a-z_]*$'),
  item_id uuid,
  count integer not null default 1 check (count >= 1),
  seq bigint not null default nextval('app.notifications_seq'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  read_at timestamptz
);
alter sequence app.notifications_seq owned by app.notifications.seq;
alter table app.notifications enable row level security;
comment on table app.notifications is 'One row per user and event (or events folded within a minute); read, marked read and deleted by their user only.';

-- The list and the stream's replay walk one user's rows by seq; the unread
-- count and folding look at unread rows only; retention at read ones.
create unique index notifications_user_seq on app.notifications (user_id, seq desc);
create index notifications_unread on app.notifications (user_id, type, created_at desc) where read_at is null;
create index notifications_read_at on app.notifications (read_at) where read_at is not null;

revoke all on app.notifications from public, anon, authenticated;
grant select, delete on app.notifications to authenticated;
grant update (read_at) on app.notifications to authenticated;
grant all on app.notifications to service_role;

create policy "users read their notifications" on app.notifications
  for select to authenticated using (user_id = (select app.current_user_id()));
create policy "users mark their notifications read" on app.notifications
  for update to authenticated
  using (user_id = (select app.current_user_id()))
  with check (user_id = (select app.current_user_id()));
create policy "users delete their notifications" on app.notifications
  for delete to authenticated using (user_id = (select app.current_user_id()));

/* A user's email choice per type; no row: the type's default. */
create table app.notification_preferences (
  user_id uuid not null references app.users (id) on delete cascade,
  type text not null references app.notification_types (type) on update cascade on delete cascade,
  email boolean not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, type)
);
alter table app.notification_preferences enable row level security;
comment on table app.notification_preferences is 'Per user and type: send the email or not (in-app notifications are always written).';

revoke all on app.notification_preferences from public, anon, authenticated;
grant select on app.notification_preferences to authenticated;
grant all on app.notification_preferences to service_role;

create policy "users read their notification preferences" on app.notification_preferences
  for select to authenticated using (user_id = (select app.current_user_id()));

/* Text made safe inside HTML text and double-quoted attributes. */
create or replace function app.html_escape(value text)
returns text
language sql
immutable
set search_path = ''
as $$
  select replace(replace(replace(replace(replace(value, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;

/*
 * Fills a template's {{key}} from `vars` in one pass (a value is never read
 * as a template itself; a missing key is empty). With `html`, the template's
 * text and every value are escaped, a line break becomes <br>, and a key
 * ending in _url becomes a link to itself.
 */
create or replace function app.render_template(template text, vars jsonb, html boolean default false)
returns text
language sql
immutable
set search_path = ''
as $$
  select coalesce(string_agg(
    case
      when t.i % 2 = 1 and not html then t.part
      when t.i % 2 = 1 then replace(app.html_escape(t.part), E'\n', E'<br>\n')
      when not html then coalesce(vars ->> t.part, '')
      when t.part like '%\_url' then format('<a href="%1$s">%1$s</a>', app.html_escape(coalesce(vars ->> t.part, '')))
      else app.html_escape(coalesce(vars ->> t.part, ''))
    end, '' order by t.i), '')
  from unnest(regexp_split_to_array(template, '\{\{|\}\}')) with ordinality as t(part, i)
$$;

/* What a template may name besides the payload: the count, the user's name, the site. */
create or replace function private.notification_vars(n app.notifications)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select n.payload || jsonb_build_object(
    'count', n.count,
    'site_url', private.site_url(),
    'name_of_user', coalesce(' ' || (select u.name from app.users u where u.id = n.user_id), '')
  )
$$;

/* Does this user get this type's email? Locked types always; else their choice, else the default. */
create or replace function private.wants_email(user_id uuid, type text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select t.email_subject is not null and (t.email_locked or coalesce(p.email, t.email_default))
  from app.notification_types t
  left join app.notification_preferences p on p.user_id = wants_email.user_id and p.type = t.type
  where t.type = wants_email.type
$$;

/* Queues a notification's email, rendered from its type's template, to the user's address. */
create or replace function private.email_notification(n app.notifications)
returns bigint
language sql
volatile
set search_path = ''
as $$
  select private.enqueue_email(
    u.email::text,
    left(replace(app.render_template(t.email_subject, private.notification_vars(n)), E'\n', ' '), 300),
    app.render_template(t.email_body, private.notification_vars(n)),
    t.type
  )
  from app.notification_types t
  join app.users u on u.id = n.user_id
  where t.type = n.type and u.disabled_at is null
$$;

/*
 * The one writer of notifications (see the top of this file). Returns the
 * notification's id (the folded one's, when it folded).
 */
create or replace function app.notify(
  user_id uuid,
  type text,
  payload jsonb default '{}',
  item_type text default null,
  item_id uuid default null
)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  kind app.notification_types;
  folded app.notifications;
  created app.notifications;
begin
  select * into kind from app.notification_types t where t.type = notify.type;
  if kind.type is null then
    raise exception using errcode = 'PT400', message = format('Unknown notification type %s', notify.type);
  end if;

  select * into folded from app.notifications n
  where n.user_id = notify.user_id and n.type = notify.type
    and n.item_id is not distinct from notify.item_id
    and n.read_at is null
    and n.created_at > now() - make_interval(secs => kind.fold_seconds)
  order by n.created_at desc
  limit 1
  for update;

  if folded.id is not null then
    update app.notifications n
    set count = n.count + 1, payload = n.payload || coalesce(notify.payload, '{}'),
        seq = nextval('app.notifications_seq'), updated_at = now()
    where n.id = folded.id;
    return folded.id;
  end if;

  insert into app.notifications (user_id, type, payload, item_type, item_id)
  values (notify.user_id, notify.type, coalesce(notify.payload, '{}'), notify.item_type, notify.item_id)
  returning * into created;
  if private.wants_email(created.user_id, created.type) then
    perform private.email_notification(created);
  end if;
  return created.id;
end
$$;
comment on function app.notify(uuid, text, jsonb, text, uuid) is
  'Writes (or folds) a notification for a user and queues its email when wanted; called by SQL in the transaction of its cause.';

/* A notification as the API shows it: its words rendered from its type's templates. */
create or replace function app.notification_json(n app.notifications)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', n.id,
    'type', n.type,
    'category', t.category,
    'title', app.render_template(case when n.count > 1 and t.title_folded is not null then t.title_folded else t.title end,
      n.payload || jsonb_build_object('count', n.count)),
    'payload', n.payload,
    'count', n.count,
    'item_type', n.item_type,
    'item_id', n.item_id,
    'created_at', n.created_at,
    'updated_at', n.updated_at,
    'read_at', n.read_at,
    'cursor', n.seq
  )
  from app.notification_types t where t.type = n.type
$$;
grant execute on function app.render_template(text, jsonb, boolean), app.html_escape(text),
  app.notification_json(app.notifications) to authenticated, service_role;

/*
 * The events of today.
 */

/* Password changed (change_password, reset_password): the notice, and its email that cannot be turned off. */
create or replace function private.send_password_changed(user_id uuid)
returns void
language sql
volatile
set search_path = ''
as $$
  select app.notify(send_password_changed.user_id, 'password_changed', '{}')
$$;

/* Email changed (confirm_email, or update_me with confirmation off): the old address is mailed by those functions. */
create or replace function app.notify_email_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.notify(new.id, 'email_changed',
    jsonb_build_object('from', old.email::text, 'to', new.email::text));
  return new;
end
$$;

create trigger users_notify_email_changed
  after update of email on app.users
  for each row when (lower(old.email::text) is distinct from lower(new.email::text))
  execute function app.notify_email_changed();

/* "Device" for comparing sign-ins: the user agent without its version numbers, so a browser update is not a new device. */
create or replace function private.device_key(user_agent text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(btrim(regexp_replace(regexp_replace(coalesce(user_agent, ''), '[0-9][0-9._]*', '', 'g'), '\s+', ' ', 'g')), '')
$$;

/* A short human name for a user agent ("Firefox on Linux"), for the notice. */
create or replace function private.device_name(user_agent text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when user_agent is null or user_agent = '' then 'unknown device' else
    coalesce(
      case
        when user_agent ~ 'Edg/' then 'Edge'
        when user_agent ~ 'Firefox/' then 'Firefox'
        when user_agent ~ 'Chrom(e|ium)/' then 'Chrome'
        when user_agent ~ 'Safari/' then 'Safari'
      end || coalesce(' on ' || case
        when user_agent ~ 'Android' then 'Android'
        when user_agent ~ 'iPhone|iPad' then 'iOS'
        when user_agent ~ 'Windows' then 'Windows'
        when user_agent ~ 'Mac OS X' then 'macOS'
        when user_agent ~ 'Linux' then 'Linux'
      end, ''),
      left(user_agent, 60))
  end
$$;

/*
 * A sign-in from a new device or address: a session starts whose client
 * address (as the login limits key it) or device no session of the user's in
 * auth.familiar_address_days (30) had. The first session of an account is
 * no news, nor is one that names neither address nor device.
 */
create or replace function app.notify_new_sign_in()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  since timestamptz := now() - make_interval(days => private.setting_int('auth.familiar_address_days', 30));
begin
  if new.client_ip is null and new.user_agent is null then
    return new;
  end if;
  if not exists (select from app.sessions s where s.user_id = new.user_id and s.id <> new.id) then
    return new;
  end if;
  if exists (
       select from app.sessions s
       where s.user_id = new.user_id and s.id <> new.id and s.created_at > since
         and private.client_key(s.client_ip) is not distinct from private.client_key(new.client_ip))
     and exists (
       select from app.sessions s
       where s.user_id = new.user_id and s.id <> new.id and s.created_at > since
         and private.device_key(s.user_agent) is not distinct from private.device_key(new.user_agent)) then
    return new;
  end if;
  perform app.notify(new.user_id, 'new_sign_in', jsonb_build_object(
    'address', coalesce(host(new.client_ip), 'unknown address'),
    'device', private.device_name(new.user_agent),
    'session_id', new.id));
  return new;
end
$$;

create trigger sessions_notify_new_sign_in
  after insert on app.sessions
  for each row execute function app.notify_new_sign_in();

/* Signed out everywhere: logout_all, restated to leave the notice. */
create or replace function api.logout_all()
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := app.current_user_id();
  ended integer;
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  ended := private.end_sessions(me, 'logout_all');
  perform app.log_activity('auth.logout_all', me, 'user', me::text, jsonb_build_object('sessions', ended));
  perform app.notify(me, 'sessions_ended', jsonb_build_object('sessions', ended));
end
$$;
comment on function api.logout_all() is 'Ends every session of the signed-in user, on every device, and leaves a notification saying so.';

/* Storage at 80% and 95%: when the bytes used cross a threshold upwards. */
create or replace function app.notify_storage_thresholds()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  quota bigint := coalesce(new.quota, app.files_setting('files.default_quota'));
  old_quota bigint;
  old_used bigint := 0;
  level integer;
begin
  if quota is null or quota <= 0 then
    return new;
  end if;
  if tg_op = 'UPDATE' then
    old_used := old.used;
    old_quota := coalesce(old.quota, app.files_setting('files.default_quota'));
  else
    old_quota := quota;
  end if;
  foreach level in array array[95, 80] loop
    if new.used * 100 >= quota * level and not (old_quota > 0 and old_used * 100 >= old_quota * level) then
      perform app.notify(new.owner_id, 'storage_' || level, jsonb_build_object(
        'percent', floor(new.used * 100.0 / quota)::integer,
        'used', new.used, 'quota', quota,
        'used_pretty', pg_catalog.pg_size_pretty(new.used),
        'quota_pretty', pg_catalog.pg_size_pretty(quota)));
      exit; -- 95% says all that 80% would
    end if;
  end loop;
  return new;
end
$$;

create trigger storage_accounts_notify_thresholds
  after insert or update of used, quota on app.storage_accounts
  for each row execute function app.notify_storage_thresholds();

/*
 * The API.
 */

/* The caller's notifications, newest activity first, a page at a time, with the unread count. */
create or replace function api.notifications(before bigint default null, "limit" integer default 50)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  me uuid := app.current_user_id();
  page_size integer := coalesce(notifications."limit", 50);
  found_rows app.notifications[];
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  if page_size < 1 or page_size > 100 then
    raise exception using errcode = 'PT400', message = 'limit must be between 1 and 100';
  end if;
  found_rows := array(
    select n from app.notifications n
    where n.user_id = me and (notifications.before is null or n.seq < notifications.before)
    order by n.seq desc
    limit page_size + 1
  );
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(app.notification_json(r) order by r.seq desc)
                       from unnest(found_rows[1:page_size]) r), '[]'),
    'unread', (select count(*) from app.notifications n where n.user_id = me and n.read_at is null),
    'next', case when cardinality(found_rows) > page_size then (found_rows[page_size]).seq end
  );
end
$$;
comment on function api.notifications(bigint, integer) is
  'Your notifications, newest activity first: {items, unread, next}. Pass `next` as `before` for the next page (null: no more); `limit` 1 to 100 (50). Each item: id, type, category, title, payload, count (events folded into it), item_type, item_id, created_at, updated_at, read_at, cursor.';

/* Marks some of the caller's notifications read, or all of them when ids is null. */
create or replace function api.mark_read(ids bigint[] default null)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  me uuid := app.current_user_id();
  marked integer;
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  if cardinality(mark_read.ids) > 1000 then
    raise exception using errcode = 'PT400', message = 'Mark at most 1000 notifications at a time';
  end if;
  update app.notifications n set read_at = now()
  where n.user_id = me and n.read_at is null
    and (mark_read.ids is null or n.id = any (mark_read.ids));
  get diagnostics marked = row_count;
  return jsonb_build_object('marked', marked,
    'unread', (select count(*) from app.notifications n where n.user_id = me and n.read_at is null));
end
$$;
comment on function api.mark_read(bigint[]) is
  'Marks your notifications with these ids read (all of them when `ids` is omitted): {marked, unread}. Ids that are not yours are ignored.';

/* Deletes one of the caller's notifications. */
create or replace function api.delete_notification(id bigint default null)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  me uuid := app.current_user_id();
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  delete from app.notifications n where n.id = delete_notification.id and n.user_id = me;
  if not found then
    raise exception using errcode = 'PT404', message = 'Notification not found';
  end if;
end
$$;
comment on function api.delete_notification(bigint) is 'Deletes one of your notifications; 404 when there is none of yours with that id.';

/* The caller's email choice for every type. */
create or replace function api.notification_preferences()
returns table (type text, category text, description text, email boolean, email_locked boolean, emailed boolean)
language sql
stable
set search_path = ''
as $$
  select t.type, t.category, t.description,
    t.email_subject is not null and (t.email_locked or coalesce(p.email, t.email_default)),
    t.email_locked,
    t.email_subject is not null
  from app.notification_types t
  left join app.notification_preferences p on p.type = t.type and p.user_id = (select app.current_user_id())
  where (select app.current_user_id()) is not null
  order by t.sort_order, t.type
$$;
comment on function api.notification_preferences() is
  'Every notification type with whether you get its email (`email`), whether that can be changed (`email_locked`: security emails for password and email changes cannot be turned off) and whether the type has an email of its own (`emailed`). In-app notifications are always on.';

/* Turns one type's email on or off for the caller. */
create or replace function api.set_notification_preference(type text default null, email boolean default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid := private.require_user();
  kind app.notification_types;
begin
  select * into kind from app.notification_types t where t.type = set_notification_preference.type;
  if kind.type is null then
    raise exception using errcode = 'PT404', message = 'Unknown notification type',
      hint = 'rpc/notification_preferences lists the types.';
  end if;
  if set_notification_preference.email is null then
    raise exception using errcode = 'PT400', message = 'email must be true or false';
  end if;
  if kind.email_locked and not set_notification_preference.email then
    raise exception using errcode = 'PT400', message = 'This security email cannot be turned off',
      hint = 'Emails about password and email changes are always sent.';
  end if;
  insert into app.notification_preferences (user_id, type, email)
  values (me, kind.type, set_notification_preference.email)
  on conflict on constraint notification_preferences_pkey do update set email = excluded.email, updated_at = now();
  perform app.log_activity('notifications.preference_set', me, 'notification_type', kind.type,
    jsonb_build_object('email', set_notification_preference.email));
  return jsonb_build_object('type', kind.type, 'email', set_notification_preference.email);
end
$$;
comment on function api.set_notification_preference(text, boolean) is
  'Turns the email of one notification type on or off for you: {type, email}. 400 for a security email that cannot be turned off, 404 for an unknown type.';

grant execute on function api.notifications(bigint, integer), api.mark_read(bigint[]),
  api.delete_notification(bigint), api.notification_preferences(),
  api.set_notification_preference(text, boolean) to authenticated;

/*
 * Retention: the accounts housekeeping, restated to delete read
 * notifications older than notifications.retention_days (90).
 */
insert into private.settings (key, value) values ('notifications.retention_days', '90') on conflict (key) do nothing;

create or replace function private.purge_auth_data()
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  total integer := 0;
  n integer;
begin
  delete from private.refresh_tokens
  where expires_at < now() - interval '1 day' or revoked_at < now() - interval '1 day';
  get diagnostics n = row_count; total := total + n;

  delete from private.password_reset_tokens
  where expires_at < now() - interval '1 day';
  get diagnostics n = row_count; total := total + n;

  delete from private.email_confirmations
  where expires_at < now() - interval '1 day';
  get diagnostics n = row_count; total := total + n;

  delete from app.users u
  where u.email_confirmed_at is null
    and u.created_at < now() - make_interval(days => private.setting_int('auth.unconfirmed_account_days', 7))
    and not exists (select from app.sessions s where s.user_id = u.id)
    and not exists (select from app.files f where f.owner_id = u.id)
    and not exists (
      select from private.email_confirmations c
      where c.user_id = u.id and c.used_at is null and c.voided_at is null and c.expires_at > now()
    );
  get diagnostics n = row_count; total := total + n;

  delete from private.auth_attempts a
  where a.created_at < now() - make_interval(secs => private.bucket_window(a.bucket));
  get diagnostics n = row_count; total := total + n;

  delete from private.email_outbox
  where (status = 'sent' and sent_at < now() - interval '7 days')
     or (status = 'failed' and created_at < now() - interval '30 days');
  get diagnostics n = row_count; total := total + n;

  delete from app.sessions
  where ended_at < now() - interval '90 days';
  get diagnostics n = row_count; total := total + n;

  delete from app.notifications
  where read_at < now() - make_interval(days => private.setting_int('notifications.retention_days', 90));
  get diagnostics n = row_count; total := total + n;

  return total;
end
$$;
comment on function private.purge_auth_data() is
  'Deletes expired tokens, attempts past their bucket''s window, old sent emails, long-ended sessions, unconfirmed accounts past auth.unconfirmed_account_days that never signed in, and read notifications past notifications.retention_days.';
