-- Every notification email about an item links to it on the configured
-- site: a file's preview, a folder, a payment's receipt; in the text and as
-- a link in the HTML. A notification without an item gets no item link.
begin;
select plan(11);

insert into private.settings (key, value) values ('site_url', 'https://drive.example.test/')
on conflict (key) do update set value = excluded.value;
select tests.create_user('urls-ada@example.com', 'Ada') as ada \gset
select tests.create_user('urls-bob@example.com', 'Bob') as bob \gset

select is(private.item_url('file', '00000000-0000-0000-0000-000000000001'),
  'https://drive.example.test/drive?preview=00000000-0000-0000-0000-000000000001', 'a file links to its preview');
select is(private.item_url('folder', '00000000-0000-0000-0000-000000000002'),
  'https://drive.example.test/drive/00000000-0000-0000-0000-000000000002', 'a folder to itself');
select is(private.item_url('transaction', '00000000-0000-0000-0000-000000000003'),
  'https://drive.example.test/plans/receipts/00000000-0000-0000-0000-000000000003', 'a payment to its receipt');
select is(private.item_url('user', '00000000-0000-0000-0000-000000000004'), null, 'another kind has no page');

-- A real share by email: the email opens the folder
select tests.authenticate_as(:'ada');
select (api.create_folder('Quarterly plans')).id as plans \gset
select api.share_with('urls-bob@example.com', folder_id => :'plans');
select tests.clear_authentication();
select body_text, body_html from private.email_outbox where to_address = 'urls-bob@example.com' and kind = 'shared_with_you' \gset
select ok(:'body_text' like '%Open it: https://drive.example.test/drive/' || :'plans' || E'\n%',
  'the share email''s text links to the shared folder');
select ok(:'body_html' like '%<a href="https://drive.example.test/drive/' || :'plans' || '">%',
  'and its HTML as a link');
select ok(:'body_text' not like '%/shared%', 'not to a page the web does not have');

-- A shared file, an upload through a link, a payment
select app.notify(:'bob', 'shared_with_you', '{"by": "Ada", "name": "report.pdf", "role": "viewer"}', 'file',
  '00000000-0000-0000-0000-00000000000f');
select ok((select body_text like '%https://drive.example.test/drive?preview=00000000-0000-0000-0000-00000000000f%'
           from private.email_outbox where to_address = 'urls-bob@example.com' and kind = 'shared_with_you' order by id desc limit 1),
  'a shared file''s email links to its preview');
select app.notify(:'ada', 'share_link_upload', '{"uploader": "Visitor", "name": "a.txt", "folder": "Inbox", "size_pretty": "1 kB"}',
  'folder', '00000000-0000-0000-0000-0000000000d0');
select ok((select body_text like '%See it: https://drive.example.test/drive/00000000-0000-0000-0000-0000000000d0%'
           from private.email_outbox where to_address = 'urls-ada@example.com' and kind = 'share_link_upload'),
  'an upload email links to the folder it went into');
select app.notify(:'ada', 'payment_paid', '{"amount": "250", "receipt_text": "", "plan": "Plus", "quota_pretty": "50 GB", "ends_at": "1 Jan"}',
  'transaction', '00000000-0000-0000-0000-0000000000a0');
select ok((select body_text like '%Your receipt: https://drive.example.test/plans/receipts/00000000-0000-0000-0000-0000000000a0%'
           and body_html like '%<a href="https://drive.example.test/plans/receipts/00000000-0000-0000-0000-0000000000a0">%'
           from private.email_outbox where to_address = 'urls-ada@example.com' and kind = 'payment_paid'),
  'a payment email links to its receipt, in text and HTML');

-- No item, no item link
select app.notify(:'ada', 'sessions_ended', '{"sessions": 2}');
select is((select private.notification_vars(n) ? 'item_url' from app.notifications n where n.user_id = :'ada' and n.type = 'sessions_ended'),
  false, 'a notification without an item has no item_url value');

select * from finish();
rollback;
