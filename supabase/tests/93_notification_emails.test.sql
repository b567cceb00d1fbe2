-- Notification emails: text and HTML from one template, every value
-- escaped; a one-click unsubscribe per email that turns off exactly its type
-- for exactly its user (only its hash kept); security emails about password
-- changes have none. A failed send is retried for a day, then given up with
-- its reason.
begin;
select plan(27);

select tests.create_user('mail-ada@example.com', '<b>Ada & "Co"</b>') as ada \gset
select tests.create_user('mail-bob@example.com', 'Bob') as bob \gset

-- Rendering
select is(app.render_template('Hi {{who}}, {{count}}', '{"who": "{{count}}", "count": 2}'), 'Hi {{count}}, 2',
  'a value is never read as a template');
select is(app.render_template(E'a < b\n{{x}}', '{"x": "<script>"}', true), E'a &lt; b<br>\n&lt;script&gt;',
  'HTML escapes the template and the values, and breaks lines');
select is(app.render_template('{{item_url}}', '{"item_url": "https://x.test/?a=1&b=\"2\""}', true),
  '<a href="https://x.test/?a=1&amp;b=&quot;2&quot;">https://x.test/?a=1&amp;b=&quot;2&quot;</a>', 'an http(s) URL becomes a link, escaped');
select is(app.render_template('{{item_url}}', '{"item_url": "javascript:alert(1)"}', true), 'javascript:alert(1)',
  'any other URL stays text');

-- A type that can be turned off
insert into app.storage_accounts (owner_id, quota, used) values (:'ada', 1000, 0), (:'bob', 1000, 0);
update app.storage_accounts set used = 850 where owner_id in (:'ada', :'bob');
select id as ada_mail, secret as ada_token, body_text, body_html from private.email_outbox
where to_address = 'mail-ada@example.com' and kind = 'storage_80' \gset
select ok(:'body_text' like E'Hello <b>Ada & "Co"</b>,%850 bytes of your 1000 bytes%http://127.0.0.1:54323/trash%',
  'the text says it with the name as it is');
select ok(:'body_html' like '%Hello &lt;b&gt;Ada &amp; &quot;Co&quot;&lt;/b&gt;,%' and :'body_html' not like '%<b>%',
  'the HTML says the same, the name escaped');
select ok(:'body_html' like '%<a href="http://127.0.0.1:54323/trash">%', 'with links to the site''s pages');
select ok(:'body_text' like E'%\n--\npgdrive. You get this email because of your notification settings: http://127.0.0.1:54323/settings\nStop emails like this one: {{unsubscribe_url}}\n',
  'the footer says why, links the settings and leaves the unsubscribe link to the drain');
select ok(:'body_html' like '%<a href="{{unsubscribe_url}}">{{unsubscribe_url}}</a>%', 'in the HTML too');
select is((select unsubscribe_type from private.email_outbox where id = :ada_mail), 'storage_80', 'the message knows which type it turns off');
select is(length(:'ada_token'), 43, 'with a token of its own');
select is((select user_id::text || ' ' || type from app.notification_unsubscribe_tokens where token_hash = extensions.digest(:'ada_token', 'sha256')),
  :'ada' || ' storage_80', 'kept only as a hash, naming the user and the type');

-- The drain's view
select tests.authenticate_as_service_role();
select body_html is not null as has_html, unsubscribe_token, body_text like '%{{unsubscribe_url}}%' as placeholder
from private.claim_emails(100) where id = :ada_mail \gset
select tests.clear_authentication();
select is(:'has_html'::boolean, true, 'the drain gets the HTML');
select is(:'unsubscribe_token'::text, :'ada_token', 'and the token, to build the link and the List-Unsubscribe header');
select is(:'placeholder'::boolean, true, 'with the placeholder where the link goes');

-- A security email has no unsubscribe
select tests.authenticate_as(:'ada');
select api.change_password('password123', 'a long new password');
select tests.clear_authentication();
select is((select count(*)::int from private.email_outbox where to_address = 'mail-ada@example.com' and kind = 'password_changed'
           and secret is null and unsubscribe_type is null and body_html like '%This security email is always sent.%'), 1,
  'the password email has no unsubscribe and says it is always sent');

-- Unsubscribing
select tests.authenticate_as_role('anon');
select is(api.unsubscribe(:'ada_token') - 'message', '{"type": "storage_80", "email": false, "description": "Your storage is 80% full"}',
  'the link turns the type off, with no sign-in');
select is(api.unsubscribe(:'ada_token') ->> 'type', 'storage_80', 'opening it again says the same');
select throws_ok($$ select api.unsubscribe('not-a-token-not-a-token-0000000000000000000') $$, 'PT404',
  'This unsubscribe link is invalid or has expired', 'an unknown token is a 404');
select throws_ok($$ select api.unsubscribe(null) $$, 'PT404', null, 'so is none');
select tests.clear_authentication();
select is((select array_agg(type || '=' || email order by type) from app.notification_preferences where user_id = :'ada'),
  array['storage_80=false'], 'exactly that type is off for its user');
select is((select count(*)::int from app.notification_preferences where user_id = :'bob'), 0, 'and nothing changed for anyone else');
update app.storage_accounts set used = 100 where owner_id = :'ada';
update app.storage_accounts set used = 850 where owner_id = :'ada';
select is((select count(*)::int from private.email_outbox where to_address = 'mail-ada@example.com' and kind = 'storage_80'), 1,
  'the next time, no email');
update app.storage_accounts set used = 990 where owner_id = :'ada';
select is((select count(*)::int from private.email_outbox where to_address = 'mail-ada@example.com' and kind = 'storage_95'), 1,
  'while the other types still email');

-- Retries for a day, then given up with the reason
select private.enqueue_email('mail-bob@example.com', 'Old', 'body', 'generic') as old_mail \gset
select private.enqueue_email('mail-bob@example.com', 'New', 'body', 'generic') as new_mail \gset
update private.email_outbox set created_at = now() - interval '25 hours', attempts = 1 where id = :old_mail;
update private.email_outbox set attempts = 9 where id = :new_mail;
select private.email_failed(:old_mail, 'connect ECONNREFUSED 127.0.0.1:25');
select private.email_failed(:new_mail, 'connect ECONNREFUSED 127.0.0.1:25');
select is((select status || ': ' || last_error from private.email_outbox where id = :old_mail), 'failed: connect ECONNREFUSED 127.0.0.1:25',
  'a message failing for a day is given up, keeping the reason');
select is((select status from private.email_outbox where id = :new_mail), 'pending', 'a younger one is tried again, after many attempts');
select ok((select next_attempt_at between now() + interval '59 minutes' and now() + interval '61 minutes' from private.email_outbox where id = :new_mail),
  'after a back-off capped at an hour');

select * from finish();
rollback;
