-- Signed grants end with their session, and the SQL that acts logs it.
-- A signed upload or download URL is used as the session it was made for:
-- app.upload_target and app.granted_download answer its owner while that
-- session is live and the account enabled, and nobody else; after a logout,
-- on a disabled account, or without a session, they refuse (PT401). The
-- upload completed and the download handed out are logged by the SQL itself.
-- The housekeeping is the service role's: an `authenticated` caller cannot run it.
begin;
select plan(26);

select tests.create_user('grant-ada@example.com', 'Ada') as ada \gset
select tests.create_user('grant-bob@example.com', 'Bob') as bob \gset

-- Ada, signed in, reserves an upload and stores a file.
select tests.authenticate_as(:'ada');
select current_setting('request.jwt.claims')::jsonb ->> 'session_id' as s1 \gset
select app.begin_upload('notes.txt', 10, 'text/plain') ->> 'id' as up \gset
select is(app.upload_target(:'up', 10, 'signed') - 'object_key',
  '{"max_bytes": 10, "name": "notes.txt", "mime_type": "text/plain"}'::jsonb,
  'the owner''s live session may send the bytes of a pending upload, up to its size');
select is(app.upload_target(:'up', 10) ->> 'object_key', (select object_key from app.uploads where id = :'up'),
  'and learns the object they go to');
select throws_ok(format('select app.upload_target(%L, 11)', :'up'), 'PT413',
  'The upload is larger than the 10 bytes it reserved.', 'more bytes than reserved are refused before any arrives');
select throws_ok(format('select app.upload_target(%L, 10, %L)', :'up', 'tus'), 'PT404', 'Upload not found.',
  'a signed upload is not a tus upload');

select app.begin_upload('report.txt', 5, 'text/plain') ->> 'id' as done \gset
select app.record_upload_bytes(:'done', 5, repeat('ab', 32), 'text/plain');
select throws_ok(format('select app.upload_target(%L, 5)', :'done'), 'PT409',
  'The bytes of this upload were already received.', 'bytes that arrived cannot be sent again');
select app.complete_upload(:'done') ->> 'id' as f \gset
select throws_ok(format('select app.upload_target(%L, 5)', :'done'), 'PT409', 'This upload is already complete.',
  'a completed upload takes no more bytes');
select is((select count(*)::int from app.activity_log where action = 'file.upload' and target_id = :'f'), 1,
  'completing an upload logs it');
select is((select meta from app.activity_log where action = 'file.upload' and target_id = :'f'),
  jsonb_build_object('name', 'report.txt', 'size', 5, 'version_id', (select current_version_id from app.files where id = :'f')),
  'with the file''s name, size and version');
select app.complete_upload(:'done');
select is((select count(*)::int from app.activity_log where action = 'file.upload' and target_id = :'f'), 1,
  'completing it again answers the file and logs nothing more');
select current_version_id as v from app.files where id = :'f' \gset
select is(app.start_download(:'f') ->> 'version_id', :'v', 'a download of the current version is handed out');
select is((select count(*)::int from app.activity_log where action = 'file.download' and target_id = :'f' and actor_id = :'ada'), 1,
  'and logged as Ada''s download');
select is(app.granted_download(:'f', :'v') ->> 'object_key', (select object_key from app.file_versions where id = :'v'),
  'the owner''s live session may use a download grant');
select tests.clear_authentication();

-- Bob holds neither grant's file.
select tests.authenticate_as(:'bob');
select throws_ok(format('select app.upload_target(%L, 10)', :'up'), 'PT404', 'Upload not found.',
  'another user cannot send bytes to my upload');
select throws_ok(format('select app.granted_download(%L, %L)', :'f', :'v'), 'PT404', 'File not found.',
  'another user cannot use a download grant for my file');
select throws_ok(format('select app.start_download(%L)', :'f'), 'PT404', 'File not found.',
  'another user cannot download my file');
select tests.clear_authentication();
select is((select count(*)::int from app.activity_log where action = 'file.download' and target_id = :'f'), 1,
  'a refused download is not logged');

-- Ada logs out: the grants of that session end with it.
update app.sessions set ended_at = now(), end_reason = 'logout' where id = :'s1';
select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', :'ada', 'session_id', :'s1'));
select throws_ok(format('select app.upload_target(%L, 10)', :'up'), 'PT401', 'Your session has ended. Sign in again.',
  'an upload grant of a logged-out session is refused');
select throws_ok(format('select app.granted_download(%L, %L)', :'f', :'v'), 'PT401', 'Your session has ended. Sign in again.',
  'a download grant of a logged-out session is refused');
select tests.clear_authentication();

-- A grant that names no session (made before grants carried one) is refused too.
select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', :'ada'));
select throws_ok(format('select app.granted_download(%L, %L)', :'f', :'v'), 'PT401', 'Your session has ended. Sign in again.',
  'a grant without a session is refused');
select tests.clear_authentication();

-- Ada signs in again, then her account is disabled.
select tests.authenticate_as(:'ada');
select current_setting('request.jwt.claims')::jsonb ->> 'session_id' as s2 \gset
select is(app.granted_download(:'f', :'v') ->> 'file_id', :'f', 'a new session''s grant works');
select tests.clear_authentication();
update app.users set disabled_at = now() where id = :'ada';
select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', :'ada', 'session_id', :'s2'));
select throws_ok(format('select app.upload_target(%L, 10)', :'up'), 'PT401', 'Your session has ended. Sign in again.',
  'an upload grant of a disabled account is refused');
select throws_ok(format('select app.granted_download(%L, %L)', :'f', :'v'), 'PT401', 'Your session has ended. Sign in again.',
  'a download grant of a disabled account is refused');
select tests.clear_authentication();

-- Bob, made a viewer, may no longer send bytes to an upload he reserved as an editor.
select tests.authenticate_as(:'bob');
select app.begin_upload('b.txt', 3, 'text/plain') ->> 'id' as bup \gset
select tests.clear_authentication();
delete from app.user_roles where user_id = :'bob';
insert into app.user_roles (user_id, role_id) select :'bob', id from app.roles where name = 'viewer';
select tests.authenticate_as(:'bob');
select throws_ok(format('select app.upload_target(%L, 3)', :'bup'), '42501', null,
  'a viewer cannot send bytes');
select tests.clear_authentication();

-- The housekeeping: the service role's alone.
select tests.authenticate_as(:'bob');
select throws_ok('select app.expire_uploads()', '42501', null, 'a signed-in user cannot expire uploads');
select throws_ok('select app.purge_expired_trash()', '42501', null, 'nor purge the trash');
select tests.clear_authentication();
select tests.authenticate_as_role('service_role', jsonb_build_object('sub', :'ada'));
select lives_ok(format('select app.index_version_content(%L, %L)', :'v', 'hello'),
  'the service role reads a file''s text again on its owner''s behalf');
select tests.clear_authentication();

select * from finish();
rollback;
