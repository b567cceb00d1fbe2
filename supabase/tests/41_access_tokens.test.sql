-- Personal access tokens: Tess makes a read-only token, a write token and one
-- limited to her Backup folder; each is exchanged for a JWT whose claims SQL
-- enforces (scopes, folder, endpoints); revoking ends it at once. Bob, anon
-- and an admin see none of Tess's tokens.
begin;
select plan(55);

select tests.create_user('pat-tess@example.com', 'Tess') as tess \gset
select tests.create_user('pat-bob@example.com', 'Bob') as bob \gset
select tests.create_user('pat-root@example.com', 'Root') as root \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'admin';

-- Tess's drive: Backup/Inner, Other, and a file in each and at the root.
select tests.authenticate_as(:'tess');
select (api.create_folder('Backup')).id as backup \gset
select (api.create_folder('Inner', :'backup')).id as inner \gset
select (api.create_folder('Other')).id as other \gset
select tests.put_file('in-backup.txt', :'backup') as f_backup \gset
select tests.put_file('in-inner.txt', :'inner') as f_inner \gset
select tests.put_file('in-other.txt', :'other') as f_other \gset
select tests.put_file('at-root.txt') as f_root \gset

-- Creating.
select api.create_access_token('reader', array['files:read']) as reader_json \gset
select api.create_access_token('writer', array['files:write']) as writer_json \gset
select api.create_access_token('backup', array['files:read', 'files:write'], :'backup') as backup_json \gset
select (:'reader_json'::jsonb) ->> 'token' as reader, (:'writer_json'::jsonb) ->> 'token' as writer,
       (:'backup_json'::jsonb) ->> 'token' as backup_token, (:'reader_json'::jsonb) ->> 'id' as reader_id,
       (:'backup_json'::jsonb) ->> 'id' as backup_id \gset

select ok(:'reader' ~ '^pgd_[A-Za-z0-9_-]{43}$', 'a token is pgd_ and 256 random bits in base64url');
select is((:'writer_json'::jsonb) -> 'scopes', '["files:read", "files:write"]', 'files:write implies files:read');
select ok((:'reader_json'::jsonb ->> 'expires_at')::timestamptz between now() + interval '89 days' and now() + interval '91 days',
  'a token expires in 90 days by default');
select throws_ok($$select api.create_access_token('forever', array['files:read'], null, 0)$$, 'PT400',
  'Tokens that never expire are not allowed here.', 'a token that never expires needs the setting');
select throws_ok($$select api.create_access_token('bad', array['admin'])$$, 'PT400',
  'Scopes are files:read and files:write.', 'unknown scopes are refused');
select throws_ok(format($$select api.create_access_token('x', array['files:read'], %L)$$, gen_random_uuid()), 'PT404',
  'Folder not found.', 'a token cannot name a folder that is not yours');
select is((select count(*)::int from api.my_access_tokens), 3, 'the owner lists her three tokens');
select is((select state from api.my_access_tokens where id = :'reader_id'), 'active', 'a new token is active');
select throws_ok($$select token_hash from app.access_tokens$$, '42501', null, 'not even the owner reads a token hash');
select tests.clear_authentication();
select is((select t.token_hash from app.access_tokens t where t.id = :'reader_id'),
  extensions.digest(:'reader', 'sha256'), 'only the SHA-256 of the token is stored');
select tests.clear_authentication();
select tests.authenticate_as(:'tess');
select ok(exists (select from app.activity_log where action = 'access_token.created' and target_id = :'reader_id'),
  'creating a token is an activity row');

-- Others see none of them.
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.my_access_tokens), 0, 'another user sees none of her tokens');
select is((select count(*)::int from app.access_tokens), 0, 'another user reads no row of the table');
select throws_ok(format($$select api.revoke_access_token(%L)$$, :'reader_id'), 'PT404', null,
  'another user cannot revoke her token');
select throws_ok(format($$select api.create_access_token('x', array['files:read'], %L)$$, :'backup'), 'PT404',
  'Folder not found.', 'another user cannot make a token for her folder');
select tests.clear_authentication();
select tests.authenticate_as(:'root');
select is((select count(*)::int from app.access_tokens where user_id = :'tess'), 0, 'an admin does not read her tokens either');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select * from api.my_access_tokens$$, '42501', null, 'anon cannot list tokens');
select throws_ok($$select api.create_access_token('x')$$, '42501', null, 'anon cannot create a token');

-- Exchanging.
select is(tests.act_with_token('pgd_wrong') ->> 'code', 'PT401', 'a wrong token is a 401');
select is(current_setting('response.status', true), '401', 'answered with status 401');
select tests.act_with_token(:'reader') as reader_answer \gset
select is(tests.claims_of((:'reader_answer'::jsonb) -> 0 ->> 'token') -> 'scopes', '["files:read"]',
  'the exchanged JWT carries the scopes');
select ok(((:'reader_answer'::jsonb) -> 0 ->> 'expires_in')::int <= 900, 'the exchanged JWT is short-lived');
select lives_ok('select app.pre_request()', 'the exchanged session passes the pre-request');
select is((select count(*)::int from api.files), 4, 'a full-drive read token lists the whole drive');
select ok(app.version_for_download(:'f_root') is not null, 'a read token downloads');

-- A read-only token writes nothing.
select throws_ok($$select api.create_folder('Nope')$$, '42501', null, 'a read token cannot create a folder');
select throws_ok(format($$select api.rename_file(%L, 'x.txt')$$, :'f_root'), '42501', null, 'a read token cannot rename');
select throws_ok(format($$select api.trash_file(%L)$$, :'f_root'), '42501', null, 'a read token cannot trash');
select throws_ok($$select app.begin_upload('up.txt', 5, 'text/plain')$$, '42501', null, 'a read token cannot upload');
select throws_ok(format($$select api.add_tags(%L, array['t'])$$, :'f_root'), '42501', null, 'a read token cannot tag');
select throws_ok($$select api.create_access_token('more')$$, '42501', null, 'a token cannot mint more tokens');
select ok(not app.user_has_permission('files.write'), 'a read token holds no files.write');

-- Endpoints: only the drive.
select set_config('request.method', 'POST', true), set_config('request.path', '/rpc/change_password', true);
select throws_ok('select app.pre_request()', '42501', null, 'a token session cannot reach account functions');
select set_config('request.path', '/rpc/create_share_link', true);
select throws_ok('select app.pre_request()', '42501', null, 'a token session cannot make share links');
select set_config('request.path', '/rpc/move_file', true);
select lives_ok('select app.pre_request()', 'a token session may call the drive''s functions');
select set_config('request.method', 'GET', true), set_config('request.path', '/files', true);
select lives_ok('select app.pre_request()', 'a token session may read views');
select set_config('request.method', '', true), set_config('request.path', '', true);

-- A write token writes; its first use each day is one activity row.
select tests.act_with_token(:'writer');
select tests.clear_authentication();
select is((select count(*)::int from app.activity_log where action = 'access_token.used'
           and target_id = (:'writer_json'::jsonb ->> 'id')), 1, 'the first use of a day is one activity row');
select tests.act_with_token(:'writer');
select lives_ok($$select api.create_folder('Made by token')$$, 'a write token creates a folder');
select ok(exists (select from app.folders where name = 'Made by token' and owner_id = :'tess'), 'the folder is Tess''s');

-- A folder-limited token.
select tests.act_with_token(:'backup_token');
select is((select array_agg(name order by name) from api.files), array['in-backup.txt', 'in-inner.txt'],
  'a folder token lists only files inside its folder');
select is((select array_agg(name order by name) from api.folders), array['Backup', 'Inner'],
  'a folder token lists only its folder and those below');
select ok(app.version_for_download(:'f_other') is null and app.version_for_download(:'f_root') is null,
  'a folder token downloads nothing outside its folder');
select ok(app.version_for_download(:'f_inner') is not null, 'a folder token downloads inside its folder');
select is((api.search_files('in') ->> 'total')::int, 2, 'search with a folder token finds only files inside');
select throws_ok(format($$select api.search_files('in', folder_id => %L)$$, :'other'), 'PT404', null,
  'a folder token cannot search another folder');
select throws_ok(format($$select api.move_file(%L, null)$$, :'f_backup'), '42501', null,
  'a folder token cannot move a file out to the root');
select throws_ok(format($$select api.move_file(%L, %L)$$, :'f_other', :'inner'), 'PT404', null,
  'a folder token cannot move a file in from outside');
select throws_ok($$select api.create_folder('Top')$$, '42501', null, 'a folder token cannot create at the root');
select throws_ok(format($$select api.copy_file(%L, %L)$$, :'f_backup', :'other'), '42501', null,
  'a folder token cannot copy out of its folder');
select lives_ok(format($$select api.move_file(%L, %L)$$, :'f_backup', :'inner'), 'a folder token moves inside its folder');

-- Revoking ends the sessions at once; a disabled account's tokens exchange for nothing.
select tests.act_with_token(:'reader');
select tests.clear_authentication();
select tests.authenticate_as(:'tess');
select api.revoke_access_token(:'reader_id');
select tests.claims_of((:'reader_answer'::jsonb) -> 0 ->> 'token') as revoked_claims \gset
select tests.authenticate_as_role('authenticated', :'revoked_claims');
select throws_ok('select app.pre_request()', 'PT401', null, 'a revoked token''s JWT is refused at once');
select is(tests.act_with_token(:'reader') ->> 'code', 'PT401', 'a revoked token no longer exchanges');
select ok(exists (select from app.activity_log where action = 'access_token.revoked' and target_id = :'reader_id'),
  'revoking is an activity row');
select tests.clear_authentication();
update app.users set disabled_at = now() where id = :'tess';
select is(tests.act_with_token(:'backup_token') ->> 'code', 'PT401', 'a disabled account''s token does not exchange');

-- Failed exchanges are throttled per address, like logins.
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select set_config('request.headers', '{"x-client-ip": "203.0.113.9"}', true);
select count(api.token_from_access_token('pgd_guess' || n)) from generate_series(1, 20) n;
select is(api.token_from_access_token(:'writer') ->> 'code', 'PT429', 'after 20 failures an address is answered 429');

select * from finish();
rollback;
