/*
 * Notification emails: text and HTML from one template each, a footer with
 * a one-click unsubscribe for that type (RFC 8058), and retries for a day.
 *
 *   templates      each type's email_subject and email_body
 *                  (app.notification_types) render twice from the same
 *                  words: as text, and as HTML with every character of the
 *                  template and of every value escaped (app.render_template);
 *                  no user-controlled markup reaches an inbox. A value whose
 *                  key ends in _url becomes a link. The vars every email has:
 *                  name_of_user, site_url, settings_url, forgot_password_url,
 *                  trash_url, count, and the payload's own keys (a sharing
 *                  type puts its item_url in the payload).
 *   footer         "why you get this" with a link to the settings, and for a
 *                  type that can be turned off, a link that turns it off.
 *   unsubscribe    every email of a type that can be turned off carries its
 *                  own token (256 random bits; only the SHA-256 kept, in
 *                  app.notification_unsubscribe_tokens, with the user and the
 *                  type). The outbox keeps the token in `secret` until sent,
 *                  as it keeps a reset link's, and `unsubscribe_type`; the
 *                  drain, which knows the API's public URL, writes it into
 *                  the footer's {{unsubscribe_url}} and into the
 *                  List-Unsubscribe (POST /functions/v1/notifications/unsubscribe
 *                  ?token=…) and List-Unsubscribe-Post: List-Unsubscribe=One-Click
 *                  headers. rpc/unsubscribe (token) turns off exactly that
 *                  type's email for exactly that user; opening it again says
 *                  the same. Tokens go after notifications.unsubscribe_token_days
 *                  (180), pruned as new ones are made.
 *   retries        a failed send is retried with the back-off the outbox has
 *                  (30 s doubling to an hour) until email.give_up_after_seconds
 *                  (86400) after it was queued, then marked failed with the
 *                  last error kept as the reason. auth.email_max_attempts, when
 *                  set, still ends it sooner.
 */

insert into private.settings (key, value) values
  ('email.give_up_after_seconds', '86400'),
  ('notifications.unsubscribe_token_days', '180')
on conflict (key) do nothing;

alter table private.email_outbox add column if not exists body_html text;
alter table private.email_outbox add column if not exists unsubscribe_type text;
comment on column private.email_outbox.body_html is 'The HTML alternative of body_text, when the message has one.';
comment on column private.email_outbox.unsubscribe_type is 'The notification type the message''s one-click unsubscribe (its secret) turns off.';

/* Unsubscribe tokens: hashes only, one per email sent, naming the user and the type. */
create table app.notification_unsubscribe_tokens (
  token_hash bytea primary key,
  user_id uuid not null references app.users (id) on delete cascade,
  type text not null references app.notification_types (type) on update cascade on delete cascade,
  created_at timestamptz not null default now()
);
alter table app.notification_unsubscribe_tokens enable row level security;
create index notification_unsubscribe_tokens_user on app.notification_unsubscribe_tokens (user_id, created_at);
comment on table app.notification_unsubscribe_tokens is 'SHA-256 of each email''s one-click unsubscribe token, with the user and type it turns off.';

revoke all on app.notification_unsubscribe_tokens from public, anon, authenticated;
grant all on app.notification_unsubscribe_tokens to service_role;

-- Written and redeemed by security definer functions only; no API role reads it.
create policy "the service role manages unsubscribe tokens" on app.notification_unsubscribe_tokens
  for all to service_role using (true) with check (true);

/* Links in templates name whole URLs, so the HTML makes each one a link. */
update app.notification_types set email_body = replace(replace(replace(email_body,
  '{{site_url}}/forgot-password', '{{forgot_password_url}}'),
  '{{site_url}}/settings', '{{settings_url}}'),
  '{{site_url}}/trash', '{{trash_url}}')
where email_body is not null;

/*
 * Fills a template's {{key}} from `vars` in one pass (a value is never read
 * as a template itself; a missing key is empty). With `html`, the template's
 * text and every value are escaped, a line break becomes <br>, and a key
 * ending in _url becomes a link to itself when it is an http(s) URL (the
 * drain's {{unsubscribe_url}} placeholder too); any other value of such a key
 * (javascript:, data:) stays text.
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
      when t.part like '%\_url' and (vars ->> t.part ~* '^https?://' or vars ->> t.part = '{{unsubscribe_url}}')
        then format('<a href="%1$s">%1$s</a>', app.html_escape(vars ->> t.part))
      else app.html_escape(coalesce(vars ->> t.part, ''))
    end, '' order by t.i), '')
  from unnest(regexp_split_to_array(template, '\{\{|\}\}')) with ordinality as t(part, i)
$$;

/* What an email's templates may name: the payload, the count, the user's name, the site's pages. */
create or replace function private.notification_vars(n app.notifications)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select n.payload || jsonb_build_object(
    'count', n.count,
    'site_url', private.site_url(),
    'settings_url', private.site_url() || '/settings',
    'forgot_password_url', private.site_url() || '/forgot-password',
    'trash_url', private.site_url() || '/trash',
    'name_of_user', coalesce(' ' || (select u.name from app.users u where u.id = n.user_id), '')
  )
$$;

/*
 * Queues a notification's email: text and HTML from its type's template and
 * the footer, and for a type that can be turned off a fresh unsubscribe
 * token (kept in `secret` until sent). {{unsubscribe_url}} stays a
 * placeholder for the drain.
 */
create or replace function private.email_notification(n app.notifications)
returns bigint
language plpgsql
volatile
set search_path = ''
as $$
declare
  kind app.notification_types;
  account app.users;
  vars jsonb;
  footer text;
  token text;
  queued bigint;
begin
  select * into kind from app.notification_types t where t.type = n.type;
  select * into account from app.users u where u.id = n.user_id;
  if kind.email_subject is null or account.id is null or account.disabled_at is not null then
    return null;
  end if;
  vars := private.notification_vars(n) || jsonb_build_object('unsubscribe_url', '{{unsubscribe_url}}');
  if kind.email_locked then
    footer := E'\n--\npgdrive. This security email is always sent. Your notification settings: {{settings_url}}\n';
  else
    token := private.base64url(extensions.gen_random_bytes(32));
    delete from app.notification_unsubscribe_tokens x
    where x.user_id = n.user_id
      and x.created_at < now() - make_interval(days => private.setting_int('notifications.unsubscribe_token_days', 180));
    insert into app.notification_unsubscribe_tokens (token_hash, user_id, type)
    values (extensions.digest(token, 'sha256'), n.user_id, n.type);
    footer := E'\n--\npgdrive. You get this email because of your notification settings: {{settings_url}}\nStop emails like this one: {{unsubscribe_url}}\n';
  end if;

  insert into private.email_outbox (to_address, subject, body_text, body_html, kind, secret, unsubscribe_type)
  values (
    account.email::text,
    left(replace(app.render_template(kind.email_subject, vars), E'\n', ' '), 300),
    app.render_template(kind.email_body || footer, vars),
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">'
      || app.render_template(kind.email_body || footer, vars, true) || '</body></html>',
    kind.type,
    token,
    case when token is not null then kind.type end
  )
  returning id into queued;
  return queued;
end
$$;

/* One click in an email: turns off that email type for its user. Anyone holding the link may. */
create or replace function api.unsubscribe(token text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  found app.notification_unsubscribe_tokens;
  kind app.notification_types;
begin
  select * into found from app.notification_unsubscribe_tokens x
  where x.token_hash = extensions.digest(coalesce(left(unsubscribe.token, 200), ''), 'sha256');
  if found.token_hash is null then
    raise exception using errcode = 'PT404', message = 'This unsubscribe link is invalid or has expired',
      hint = 'Turn emails off in your notification settings instead.';
  end if;
  select * into kind from app.notification_types t where t.type = found.type;
  if kind.email_locked then
    raise exception using errcode = 'PT400', message = 'This security email cannot be turned off';
  end if;
  insert into app.notification_preferences (user_id, type, email)
  values (found.user_id, found.type, false)
  on conflict on constraint notification_preferences_pkey do update set email = false, updated_at = now();
  perform app.log_activity('notifications.unsubscribed', found.user_id, 'notification_type', found.type);
  return jsonb_build_object('type', kind.type, 'description', kind.description, 'email', false,
    'message', format('You will no longer get emails about: %s.', lower(kind.description)));
end
$$;
comment on function api.unsubscribe(text) is
  'Turns off one notification type''s email with the token of an email''s unsubscribe link (no sign-in): {type, description, email: false, message}. 404 when the token is unknown. The email''s List-Unsubscribe header posts to /functions/v1/notifications/unsubscribe, which calls this.';
grant execute on function api.unsubscribe(text) to anon, authenticated;

/*
 * The drain's side, restated to hand out the HTML and the unsubscribe token
 * too (the returned columns change, so it is dropped and made again).
 */
drop function if exists private.claim_emails(integer);
create function private.claim_emails(batch integer default 10)
returns table (id bigint, to_address text, subject text, body_text text, kind text, attempts integer,
  body_html text, unsubscribe_token text)
language sql
volatile
security definer
set search_path = ''
as $$
  with due as (
    select o.id from private.email_outbox o
    where (o.status = 'pending' and o.next_attempt_at <= now())
       or (o.status = 'sending' and o.next_attempt_at <= now() - interval '5 minutes')
    order by o.next_attempt_at
    limit greatest(least(batch, 100), 1)
    for update skip locked
  )
  update private.email_outbox o
  set status = 'sending', attempts = o.attempts + 1, next_attempt_at = now()
  from due
  where o.id = due.id
  returning o.id, o.to_address, o.subject,
    case when o.secret is null or o.unsubscribe_type is not null then o.body_text else replace(o.body_text, '{{secret}}', o.secret) end,
    o.kind, o.attempts,
    o.body_html,
    case when o.unsubscribe_type is not null then o.secret end
$$;
comment on function private.claim_emails(integer) is
  'Claims up to `batch` due emails for sending: the text with its secret filled in, the HTML, and the one-click unsubscribe token when it has one.';
grant execute on function private.claim_emails(integer) to service_role;

/* Records a failed try: back off 30 s, 1, 2, 4 ... minutes (capped at an hour); failed for good a day after it was queued. */
create or replace function private.email_failed(email_id bigint, error text)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  with verdict as (
    select o.id,
      o.created_at <= now() - make_interval(secs => private.setting_int('email.give_up_after_seconds', 86400))
        or o.attempts >= private.setting_int('auth.email_max_attempts', 1000000) as give_up
    from private.email_outbox o
    where o.id = email_id
  )
  update private.email_outbox o
  set last_error = left(error, 2000),
      status = case when v.give_up then 'failed' else 'pending' end,
      secret = case when v.give_up then null else o.secret end,
      next_attempt_at = now() + least(make_interval(secs => 30 * power(2, least(o.attempts - 1, 10))), interval '1 hour')
  from verdict v
  where o.id = v.id
$$;
