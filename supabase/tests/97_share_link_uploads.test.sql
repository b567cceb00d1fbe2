-- Uploads through links, as anyone: an edit link into its folder tree (a
-- known name becomes a version), a file drop into its own folder only and
-- never over a file; the owner's rules and quota apply and the owner hears
-- of it; view links, revoked links and other links' uploads take nothing.
begin;
select plan(22);

select tests.create_user('drop-ada@example.com', 'Ada') as ada \gset
select tests.create_user('drop-bob@example.com', 'Bob') as bob \gset

create function pg_temp.put(file_name text, bytes bigint, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name || bytes, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, bigint, uuid) to authenticated;

/* The three steps of an upload through a link, as a visitor: answers the receipt. */
create function pg_temp.drop(token text, access text, file_name text, bytes bigint, folder uuid default null, who text default null)
returns jsonb language plpgsql as $$
declare
  up jsonb := app.begin_share_upload(token, access, file_name, bytes, 'text/plain', folder, who);
begin
  perform app.share_upload_target(token, access, (up ->> 'id')::uuid, bytes);
  perform app.record_share_upload_bytes(token, access, (up ->> 'id')::uuid, bytes, repeat('c', 64), 'text/plain');
  return app.complete_share_upload(token, access, (up ->> 'id')::uuid);
end
$$;
grant execute on function pg_temp.drop(text, text, text, bigint, uuid, text) to anon, authenticated;

select tests.authenticate_as(:'ada');
select (api.create_folder('Inbox')).id as inbox \gset
select (api.create_folder('Sub', :'inbox')).id as sub \gset
select (api.create_folder('Elsewhere')).id as elsewhere \gset
select pg_temp.put('report.txt', 10, :'inbox') as report \gset
select api.create_share_link(folder_id => :'inbox', type => 'file_drop') ->> 'token' as drop_t \gset
select api.create_share_link(folder_id => :'inbox', type => 'edit', password => 'edit password') ->> 'token' as edit_t \gset
select api.create_share_link(folder_id => :'inbox') ->> 'token' as view_t \gset
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select app.unlock_share_link(:'edit_t', 'edit password') ->> 'access_token' as access \gset

-- A file drop.
select is(pg_temp.drop(:'drop_t', null, 'photo.txt', 20, null, 'Carol'), '{"name": "photo.txt", "size": 20}'::jsonb,
  'a visitor drops a file and gets a receipt of its name and size, nothing more');
select is(pg_temp.drop(:'drop_t', null, 'report.txt', 30), '{"name": "report (1).txt", "size": 30}'::jsonb,
  'a drop never overwrites: a name that exists gets a free one');
select throws_ok(format($$select app.begin_share_upload(%L, null, 'x.txt', 1, 'text/plain', %L)$$, :'drop_t', :'sub'), 'PT403', null,
  'a file drop takes uploads into its own folder only');
select throws_ok(format($$select app.begin_share_upload(%L, null, 'evil.exe', 1, 'application/octet-stream')$$, :'drop_t'), 'PT415', null,
  'denied types are refused as for the owner');
select throws_ok(format($$select app.begin_share_upload(%L, null, '..', 1, 'text/plain')$$, :'drop_t'), 'PT400', null,
  'bad names are refused');
select throws_ok(format($$select app.begin_share_upload(%L, null, 'huge.bin', 1099511627776, 'text/plain')$$, :'drop_t'), 'PT413', null,
  'so is a file over the size limit');

-- An edit link: anywhere under its folder, versions for known names, nowhere else.
select throws_ok(format($$select app.begin_share_upload(%L, null, 'a.txt', 1, 'text/plain')$$, :'edit_t'), 'PT401', null,
  'an edit link with a password needs its access token to upload');
select is(pg_temp.drop(:'edit_t', :'access', 'deep.txt', 5, :'sub') ->> 'folder_id', :'sub', 'an edit link uploads into a subfolder');
select is((pg_temp.drop(:'edit_t', :'access', 'report.txt', 7) ->> 'id')::uuid, :'report'::uuid, 'a known name becomes a new version of the file');
select throws_ok(format($$select app.begin_share_upload(%L, %L, 'x.txt', 1, 'text/plain', %L)$$, :'edit_t', :'access', :'elsewhere'), 'PT404',
  'Folder not found.', 'but never outside the shared folder');
select throws_ok(format($$select app.begin_share_upload(%L, null, 'x.txt', 1, 'text/plain')$$, :'view_t'), 'PT403',
  'This link does not take uploads.', 'a view link takes no uploads');
select tests.clear_authentication();

-- What the owner sees.
select tests.authenticate_as(:'ada');
select is((select array_agg(name order by name) from api.files where folder_id = :'inbox'), array['photo.txt', 'report (1).txt', 'report.txt'],
  'the owner finds the dropped files in the folder');
select is((select (select count(*)::int from app.file_versions v where v.file_id = f.id) from api.files f where f.id = :'report'), 2,
  'and the new version');
select is((select used from app.storage_accounts where owner_id = :'ada'), 10 + 20 + 30 + 5 + 7::bigint, 'every upload counts against the owner''s storage');
select is((select count(*)::int from app.notifications where user_id = :'ada' and type = 'share_link_upload' and item_id = :'inbox'), 1,
  'the owner is notified, uploads into one folder in a row folded into one notification');
select is((select count from app.notifications where user_id = :'ada' and type = 'share_link_upload' and item_id = :'inbox'), 3,
  'which counts them');
select tests.clear_authentication();
select is((select meta ->> 'uploader_name' from app.activity_log where action = 'share_link.upload' and meta ->> 'name' = 'photo.txt'), 'Carol',
  'each upload is an activity row with the uploader''s name');

-- Quota, revocation, other links, another user.
update app.storage_accounts set quota = used + 5 where owner_id = :'ada';
select tests.authenticate_as_role('anon');
select throws_ok(format($$select app.begin_share_upload(%L, null, 'big.txt', 6, 'text/plain')$$, :'drop_t'), 'PT413',
  'There is not enough space in this folder for the file.', 'the owner''s quota holds, without telling the visitor its figures');
select app.begin_share_upload(:'drop_t', null, 'late.txt', 3, 'text/plain') ->> 'id' as pending \gset
select throws_ok(format($$select app.share_upload_target(%L, %L, %L)$$, :'edit_t', :'access', :'pending'), 'PT404', null,
  'another link cannot send bytes to this link''s upload');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select throws_ok(format($$select app.upload_target(%L)$$, :'pending'), 'PT404', null, 'another user cannot reach the upload');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.revoke_share_link(id) from api.share_links where type = 'file_drop';
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok(format($$select app.share_upload_target(%L, null, %L)$$, :'drop_t', :'pending'), 'PT404',
  'This link does not exist or was revoked.', 'revoking the link stops an upload in flight');
select throws_ok(format($$select app.complete_share_upload(%L, null, %L)$$, :'drop_t', :'pending'), 'PT404', null, 'and its completion');
select tests.clear_authentication();

select * from finish();
rollback;
