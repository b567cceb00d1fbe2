-- Every notification email about an item links to that item.
--
-- Templates could only say {{site_url}} plus a fixed path, so the share
-- email pointed at "/shared" (a page the web does not have) and the upload
-- email at the site's front page. A notification already names its item
-- (item_type, item_id); its email now gets {{item_url}} from them, the same
-- places the web's bell opens: a file's preview (/drive?preview=<id>), a
-- folder (/drive/<id>), a payment's receipt (/plans/receipts/<id>), all on
-- the configured site URL. The HTML makes it a link like any other *_url.

/* The web address of a notification's item on the configured site, or null for a kind without a page. */
create or replace function private.item_url(item_type text, item_id uuid)
returns text
language sql
stable
set search_path = ''
as $$
  select private.site_url() || case item_url.item_type
    when 'file' then '/drive?preview=' || item_url.item_id
    when 'folder' then '/drive/' || item_url.item_id
    when 'transaction' then '/plans/receipts/' || item_url.item_id
  end
  where item_url.item_id is not null
$$;
comment on function private.item_url(text, uuid) is
  'The web address of a notification''s item (file preview, folder, payment receipt) on the site URL; null for other kinds.';

/* The values a notification's email template may use: its payload, the site's links, the item's link and the user's name. */
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
  ) || jsonb_strip_nulls(jsonb_build_object('item_url', private.item_url(n.item_type, n.item_id)))
$$;

update app.notification_types
set email_body = E'Hello{{name_of_user}},\n\n{{by}} shared {{name}} with you as {{role}}.\n\nOpen it: {{item_url}}\n'
where type = 'shared_with_you';

update app.notification_types
set email_body = E'Hello{{name_of_user}},\n\n{{uploader}} uploaded {{name}} ({{size_pretty}}) to your folder {{folder}} through a share link.\n\nSee it: {{item_url}}\n'
where type = 'share_link_upload';

update app.notification_types
set email_body = E'Hello{{name_of_user}},\n\nWe received your M-Pesa payment of KES {{amount}}{{receipt_text}}. Your {{plan}} plan ({{quota_pretty}}) is paid until {{ends_at}}.\n\nYour receipt: {{item_url}}\n'
where type = 'payment_paid';
