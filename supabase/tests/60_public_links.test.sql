-- Public links: the owner makes a file public and gets a link anyone can
-- follow (anon included); private ends it at once, sharing again makes a new
-- one; trashed, purged and disabled owners' files are not served; nobody else
-- can publish my file or see its link, the admin included.
begin;
select plan(39);

select tests.create_user('link-ada@example.com', 'Ada') as ada \gset
select tests.create_user('link-bob@example.com', 'Bob') as bob \gset
select tests.create_user('link-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

-- A helper to make a complete file (or a new version of it) as the current user.
create function pg_temp.put(file_name text, bytes bigint) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain');
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name || bytes, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, bigint) to authenticated;

-- The owner shares.
select tests.authenticate_as(:'ada');
select pg_temp.put('photo.txt', 100) as f \gset
select is((select public_token from api.files where id = :'f'), null, 'a private file has no link');
select is((api.update_file(:'f', visibility => 'public')).visibility, 'public', 'the owner can make a file public');
select public_token as t1 from api.files where id = :'f' \gset
select ok(:'t1' ~ '^[A-Za-z0-9_-]{43}$', 'a public file shows its owner an unguessable 43-character link token');
select is((api.update_file(:'f', visibility => 'public')).public_token, :'t1', 'making a public file public again keeps its link');
select is((api.update_file(:'f', description => 'holiday')).public_token, :'t1', 'changing the description keeps the link');
select is((app.public_version(:'t1') ->> 'file_id')::uuid, :'f'::uuid, 'the owner can follow their own link');
select tests.clear_authentication();

-- Anyone without an account.
select tests.authenticate_as_role('anon');
select is((app.public_version(:'t1') ->> 'file_id')::uuid, :'f'::uuid, 'anon can follow the link');
select is(app.public_version(:'t1') ->> 'version', '1', 'the link serves the current version');
select is(app.public_version(repeat('A', 43)), null, 'a made-up token serves nothing');
select is(app.public_version('../' || :'t1'), null, 'a malformed token serves nothing');
select is(app.public_version(null), null, 'no token serves nothing');
select throws_ok(format($$select api.update_file(%L, visibility => 'public')$$, :'f'), '42501', null,
  'anon cannot change a file''s visibility');
select throws_ok($$select * from api.files$$, '42501', null, 'anon cannot list files or their links');
select throws_ok($$select * from app.public_links$$, '42501', null, 'anon cannot read the links table');
select app.log_public_download(:'t1');
select app.log_public_download(repeat('A', 43));
select tests.clear_authentication();
select is((select count(*)::int from app.activity_log where action = 'file.public_download'), 1,
  'a download through a link that serves is logged, one that does not is not');
select ok(exists (select from app.activity_log where action = 'file.public_download' and actor_id is null
  and target_id = :'f' and meta ->> 'owner_id' = :'ada' and meta ->> 'version' = '1'),
  'the log row has no actor, and names the file, its owner and the version');

-- Another user.
select tests.authenticate_as(:'bob');
select throws_ok(format($$select api.update_file(%L, visibility => 'public')$$, :'f'), 'PT404', 'File not found.',
  'another user cannot make my file public');
select throws_ok(format($$select api.update_file(%L, visibility => 'private')$$, :'f'), 'PT404', 'File not found.',
  'another user cannot make my file private');
select is((select count(*)::int from api.files where id = :'f'), 0, 'another user does not see my file or its link');
select is((select count(*)::int from app.public_links), 0, 'another user cannot read my link''s row');
select is((app.public_version(:'t1') ->> 'file_id')::uuid, :'f'::uuid, 'a signed-in stranger holding the link can follow it');
select is((select count(*)::int from app.activity_log where action = 'file.public_download'), 0,
  'another user does not see anonymous downloads in their log');
select tests.clear_authentication();

-- The admin sees metadata, never the link, and cannot change it.
select tests.authenticate_as(:'admin');
select is((select visibility from api.admin_files where id = :'f'), 'public', 'an admin sees that my file is public');
select is((select public_token from api.admin_files where id = :'f'), null, 'an admin never sees my link');
select throws_ok(format($$select api.update_file(%L, visibility => 'private')$$, :'f'), 'PT404', 'File not found.',
  'an admin cannot change my file''s visibility');
select tests.clear_authentication();

-- Only a hash is stored.
select is((select count(*)::int from app.public_links where token_hash = extensions.digest(:'t1', 'sha256')), 1,
  'a link is found by the SHA-256 of its token');
select is((select strpos(row_to_json(l)::text, :'t1') from app.public_links l where file_id = :'f'), 0,
  'the token itself is stored nowhere');

-- The link follows the file: new versions, the trash, private, sharing again.
select tests.authenticate_as(:'ada');
select pg_temp.put('photo.txt', 20);
select is(app.public_version(:'t1') ->> 'version', '2', 'after a new upload the link serves the newest version');
select is((app.complete_upload((select id from app.uploads where owner_id = :'ada' and received_size = 20)) ->> 'public_token'),
  :'t1', 'the upload functions answer the file row with its link');
select api.trash_file(:'f');
select is(app.public_version(:'t1'), null, 'a trashed file is not served');
select api.restore_file(:'f');
select is((app.public_version(:'t1') ->> 'file_id')::uuid, :'f'::uuid, 'restored from the trash, the link serves again');
select is((api.update_file(:'f', visibility => 'private')).public_token, null, 'a private file shows no link');
select is(app.public_version(:'t1'), null, 'making it private ends the link at once');
select is((select count(*)::int from app.public_links where file_id = :'f'), 0, 'a private file keeps no link row');
select (api.update_file(:'f', visibility => 'public')).public_token as t2 \gset
select isnt(:'t2'::text, :'t1'::text, 'sharing it again makes a new link');
select is(app.public_version(:'t1'), null, 'the old link stays dead');
select is((api.copy_file(:'f')).public_token, null, 'a copy of a public file is private, without a link');
select tests.clear_authentication();

-- A disabled owner's links do not serve; a purged file's link is gone.
update app.users set disabled_at = now() where id = :'ada';
select is(app.public_version(:'t2'), null, 'a disabled account''s links do not serve');
update app.users set disabled_at = null where id = :'ada';
select tests.authenticate_as(:'ada');
select api.purge_file(:'f');
select is(app.public_version(:'t2'), null, 'a purged file''s link is gone');
select tests.clear_authentication();

select * from finish();
rollback;
