-- Following share links as anyone (anon): what each type reaches and
-- nothing more (no parent, sibling, trashed item or made-up id), one error
-- for links that do not serve, passwords throttled per link and address
-- with access tokens for one link only, downloads counted up to the limit,
-- the first open per visitor logged; nobody reads the tokens' tables.
begin;
select plan(46);

select tests.create_user('follow-ada@example.com', 'Ada') as ada \gset
select tests.create_user('follow-bob@example.com', 'Bob') as bob \gset
select tests.create_user('follow-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';
insert into private.settings (key, value) values ('sharing.max_password_failures_per_link', '3'), ('sharing.max_password_failures_per_ip', '5')
  on conflict (key) do update set value = excluded.value;

create function pg_temp.put(file_name text, bytes bigint, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name || bytes, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, bigint, uuid) to authenticated;

/* Acts as anon from a client address. */
create function pg_temp.visit_from(ip text) returns void language plpgsql as $$
begin
  perform tests.authenticate_as_role('anon');
  perform set_config('request.headers', json_build_object('x-client-ip', ip)::text, true);
end
$$;
grant execute on function pg_temp.visit_from(text) to anon, authenticated;

-- Ada's drive: Project/{plan.txt, Sub/deep.txt, Old/ (trashed) with old.txt}, a sibling Private/secret.txt, top.txt at the root.
select tests.authenticate_as(:'ada');
select (api.create_folder('Project')).id as project \gset
select (api.create_folder('Sub', :'project')).id as sub \gset
select (api.create_folder('Old', :'project')).id as old \gset
select (api.create_folder('Private')).id as private \gset
select pg_temp.put('plan.txt', 10, :'project') as plan \gset
select pg_temp.put('deep.txt', 11, :'sub') as deep \gset
select pg_temp.put('old.txt', 12, :'old') as oldfile \gset
select pg_temp.put('gone.txt', 13, :'project') as gone \gset
select pg_temp.put('secret.txt', 14, :'private') as secret \gset
select pg_temp.put('top.txt', 15) as top \gset
select api.trash_folder(:'old');
select api.trash_file(:'gone');
select api.create_share_link(folder_id => :'project') ->> 'token' as view_t \gset
select api.create_share_link(folder_id => :'project', type => 'file_drop') ->> 'token' as drop_t \gset
select api.create_share_link(file_id => :'top', type => 'preview_only') ->> 'token' as preview_t \gset
select api.create_share_link(file_id => :'top', password => 'open sesame!', max_downloads => 2) as pw \gset
select :'pw'::jsonb ->> 'token' as pw_t, (:'pw'::jsonb ->> 'id')::uuid as pw_id \gset
select api.create_share_link(file_id => :'plan', password => 'another secret') ->> 'token' as pw2_t \gset
select api.create_share_link(file_id => :'plan') as short \gset
select :'short'::jsonb ->> 'token' as short_t, (:'short'::jsonb ->> 'id')::uuid as short_id \gset
select tests.clear_authentication();

-- A folder view link, from anywhere.
select pg_temp.visit_from('203.0.113.1');
select is(app.open_share_link(:'view_t') -> 'item' ->> 'name', 'Project', 'anyone opens a folder link and sees its name');
select is((app.open_share_link(:'view_t') ->> 'can_download')::boolean, true, 'a view link may download');
select is((select array_agg(x ->> 'name' order by x ->> 'name') from jsonb_array_elements(app.share_link_listing(:'view_t') -> 'folders') x),
  array['Sub'], 'the listing shows the folders inside, not the trashed one');
select is((select array_agg(x ->> 'name') from jsonb_array_elements(app.share_link_listing(:'view_t') -> 'files') x),
  array['plan.txt'], 'and the files inside, not the trashed one');
select is(app.share_link_listing(:'view_t', null, :'sub') -> 'folder' ->> 'parent_id', :'project', 'a subfolder lists, with its parent');
select is(app.share_link_listing(:'view_t') -> 'folder' ->> 'parent_id', null, 'the shared folder shows no parent: the way up ends there');
select throws_ok(format($$select app.share_link_listing(%L, null, %L)$$, :'view_t', :'private'), 'PT404', 'Folder not found.',
  'a sibling folder is not reachable');
select throws_ok(format($$select app.share_link_listing(%L, null, %L)$$, :'view_t', :'old'), 'PT404', 'Folder not found.',
  'nor a trashed one');
select is(app.share_link_version(:'view_t', null, :'deep') ->> 'name', 'deep.txt', 'a file deep inside downloads');
select throws_ok(format($$select app.share_link_version(%L, null, %L)$$, :'view_t', :'secret'), 'PT404', 'File not found.',
  'a file in a sibling folder does not');
select throws_ok(format($$select app.share_link_version(%L, null, %L)$$, :'view_t', :'top'), 'PT404', 'File not found.',
  'nor one in the parent');
select throws_ok(format($$select app.share_link_version(%L, null, %L)$$, :'view_t', :'gone'), 'PT404', 'File not found.',
  'nor a trashed file');
select throws_ok(format($$select app.share_link_version(%L, null, %L)$$, :'view_t', :'oldfile'), 'PT404', 'File not found.',
  'nor a file in a trashed folder');
select throws_ok(format($$select app.share_link_version(%L)$$, :'view_t'), 'PT404', 'File not found.', 'nor "no file" of a folder link');
select is((select array_agg(path order by path) from app.share_link_zip_entries(:'view_t')), array['Sub/deep.txt', 'plan.txt'],
  'a zip holds the folder''s files with their paths, nothing trashed');
select is((select array_agg(path) from app.share_link_zip_entries(:'view_t', null, null, array[:'plan', :'secret']::uuid[])),
  array['plan.txt'], 'a chosen zip holds only chosen files under the link');

-- One error for links that do not serve.
select throws_ok($$select app.open_share_link(repeat('A', 43))$$, 'PT404', 'This link does not exist or was revoked.', 'a made-up token');
select throws_ok($$select app.open_share_link('../etc')$$, 'PT404', 'This link does not exist or was revoked.', 'a malformed one');
select throws_ok($$select app.open_share_link(null)$$, 'PT404', null, 'no token');

-- A file drop shows nothing; preview-only refuses raw bytes.
select is(app.open_share_link(:'drop_t') -> 'item', '{"id": null, "kind": "folder", "name": "Project"}'::jsonb,
  'a file drop shows only the folder''s name');
select throws_ok(format($$select app.share_link_listing(%L)$$, :'drop_t'), 'PT403', null, 'a file drop cannot list');
select throws_ok(format($$select app.share_link_version(%L, null, %L)$$, :'drop_t', :'plan'), 'PT403', null, 'nor read a file');
select throws_ok(format($$select * from app.share_link_zip_entries(%L)$$, :'drop_t'), 'PT403', null, 'nor zip');
select throws_ok(format($$select app.share_link_version(%L)$$, :'preview_t'), 'PT403',
  'Download disabled by the owner: this link shows previews only.', 'a preview-only link refuses the raw bytes');
select is(app.share_link_version(:'preview_t', null, null, 'preview') ->> 'name', 'top.txt', 'but serves a preview');

-- Passwords: throttled per link, access tokens for one link only.
select throws_ok(format($$select app.open_share_link(%L)$$, :'pw_t'), 'PT401', 'This link needs its password.', 'a password link asks for it');
select is(app.unlock_share_link(:'pw_t', 'wrong password') ->> 'status', '401', 'a wrong password is refused');
select is(app.unlock_share_link(:'pw_t', 'open sesame!') ->> 'expires_at' is not null, true, 'the right one grants an access token');
select app.unlock_share_link(:'pw_t', 'open sesame!') ->> 'access_token' as access \gset
select is(app.open_share_link(:'pw_t', :'access') -> 'item' ->> 'name', 'top.txt', 'the access token opens the link');
select throws_ok(format($$select app.open_share_link(%L, %L)$$, :'pw2_t', :'access'), 'PT401', null,
  'the access token opens no other link');
select throws_ok(format($$select app.open_share_link(%L, %L)$$, :'pw_t', repeat('B', 43)), 'PT401', null, 'a made-up access token opens nothing');
select app.unlock_share_link(:'pw_t', 'wrong 2');
select app.unlock_share_link(:'pw_t', 'wrong 3');
select is(app.unlock_share_link(:'pw_t', 'open sesame!') ->> 'status', '429', 'past the per-link limit even the right password waits');
select ok((app.unlock_share_link(:'pw_t', 'open sesame!') ->> 'retry_after')::int > 0, 'and is told how long');
select pg_temp.visit_from('198.51.100.2');
select is(app.unlock_share_link(:'pw_t', 'open sesame!') ->> 'status', '429', 'the per-link limit holds from another address');
select tests.clear_authentication();
delete from private.auth_attempts where bucket = 'share_password';
select pg_temp.visit_from('198.51.100.3');
select is((select count(*)::int from generate_series(1, 5) where app.unlock_share_link(:'pw_t' , 'bad guess ' || 1) ->> 'status' = '401'), 3,
  'one address guessing is stopped at the link''s limit');

-- Downloads count up to the limit, then the link is disabled.
select is(app.count_share_download(:'pw_t', :'access'), 1, 'a download counts');
select is(app.count_share_download(:'pw_t', :'access'), 2, 'a second one reaches the limit of 2');
select throws_ok(format($$select app.count_share_download(%L, %L)$$, :'pw_t', :'access'), 'PT410',
  'This link has reached its download limit.', 'a third one is refused');
select throws_ok(format($$select app.open_share_link(%L, %L)$$, :'pw_t', :'access'), 'PT410', null, 'and the link no longer opens');
select tests.clear_authentication();

-- Expiry, revocation, a disabled owner.
update app.share_links set expires_at = now() - interval '1 second' where id = :'short_id';
select pg_temp.visit_from('203.0.113.1');
select throws_ok(format($$select app.open_share_link(%L)$$, :'short_t'), 'PT410', 'This link has expired.', 'an expired link says so');
select tests.clear_authentication();
update app.users set disabled_at = now() where id = :'ada';
select pg_temp.visit_from('203.0.113.1');
select throws_ok(format($$select app.open_share_link(%L)$$, :'view_t'), 'PT404', null, 'a disabled owner''s links do not serve');
select tests.clear_authentication();
update app.users set disabled_at = null where id = :'ada';
select tests.authenticate_as(:'ada');
select api.revoke_share_link(id) from api.share_links where folder_id = :'project' and type = 'view';
select tests.clear_authentication();
select pg_temp.visit_from('203.0.113.1');
select throws_ok(format($$select app.share_link_version(%L, null, %L)$$, :'view_t', :'plan'), 'PT404', null, 'a revoked link stops at once');
select tests.clear_authentication();

-- The log, and tables nobody reads.
select is((select count(*)::int from app.activity_log l join app.share_links s on s.id::text = l.target_id
  where l.action = 'share_link.open' and s.folder_id = :'project' and s.type = 'view'), 1,
  'opening a link is logged once per visitor, however often');
select is((select count(*)::int from app.activity_log where action = 'share_link.download' and target_id = :'pw_id' and actor_id is null), 2,
  'each counted download is logged, without an actor');
select tests.authenticate_as(:'admin');
select throws_ok($$select * from app.share_link_access$$, '42501', null, 'not even an admin reads access tokens');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select throws_ok($$select * from app.share_link_visitors$$, '42501', null, 'nor anyone the visitors');
select tests.clear_authentication();

select * from finish();
rollback;
