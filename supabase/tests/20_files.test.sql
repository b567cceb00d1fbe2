-- Files: who may read what, and the rules an upload must pass (names, types,
-- size, quota), its completion into a file or a new version, and collection.
begin;
select plan(45);

select tests.create_user('ada@example.com', 'Ada') as ada \gset
select tests.create_user('bob@example.com', 'Bob') as bob \gset
insert into private.settings (key, value) values ('files.default_quota', '1000'), ('files.max_file_size', '600'),
  ('files.max_versions', '3')
on conflict (key) do update set value = excluded.value;

-- Every table of the drive has RLS and a policy.
select ok(
  (select bool_and(c.relrowsecurity) from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'app' and c.relname in ('folders', 'files', 'file_versions', 'uploads', 'storage_accounts',
     'storage_garbage', 'denied_file_types')),
  'every drive table has row-level security on');
select is(
  (select count(distinct tablename)::int from pg_policies where schemaname = 'app'
   and tablename in ('folders', 'files', 'file_versions', 'uploads', 'storage_accounts', 'storage_garbage', 'denied_file_types')),
  7, 'every drive table has a policy');
select ok(not has_table_privilege('authenticated', 'app.files', 'insert'), 'a user cannot insert files directly');
select ok(not has_table_privilege('authenticated', 'app.files', 'update'), 'a user cannot update files directly');
select ok(not has_table_privilege('authenticated', 'api.files', 'update'), 'the files view is read-only');
select ok(not has_function_privilege('anon', 'app.begin_upload(text, bigint, text, uuid, text, text, text, text[], text)', 'execute'),
  'anon cannot start an upload');
select ok(not has_function_privilege('authenticated', 'app.expire_uploads()', 'execute'), 'a user cannot run the collector');

-- Names.
select is(app.check_name('  report.pdf '), 'report.pdf', 'names are trimmed');
select throws_ok($$select app.check_name('a/b')$$, 'PT400', 'A name cannot contain "/" or "\".', 'a name with a slash is refused');
select throws_ok($$select app.check_name('..')$$, 'PT400', 'A name cannot be "." or "..".', 'the name ".." is refused');
select throws_ok($$select app.check_name(E'a\x01b')$$, 'PT400', 'A name cannot contain control characters.', 'control characters are refused');
select throws_ok($$select app.check_name(repeat('é', 128))$$, 'PT400', 'A name can be at most 255 bytes long.', 'names are limited to 255 bytes');
select throws_ok($$select app.check_name('CON.txt')$$, 'PT400', '"CON.txt" is a reserved name.', 'reserved device names are refused');
select throws_ok($$select app.split_path('docs/../../etc/passwd')$$, 'PT400', 'A path cannot contain "." or ".." segments.', 'a path cannot climb out of the tree');
select is(app.split_path('/docs//2024\report.pdf'), array['docs', '2024', 'report.pdf'], 'paths are split on / and \ with empty segments ignored');
select is(app.normalize_mime('Text/Plain; charset=utf-8'), 'text/plain', 'MIME types are normalised');
select is(app.normalize_mime('<script>'), 'application/octet-stream', 'a nonsense MIME type becomes octet-stream');

-- Starting uploads.
select tests.authenticate_as(:'ada');
select throws_ok($$select app.begin_upload('setup.exe', 10, 'application/octet-stream')$$, 'PT415', null, 'an executable extension is refused');
select throws_ok($$select app.begin_upload('run.txt', 10, 'application/x-sh')$$, 'PT415', null, 'a script MIME type is refused');
select throws_ok($$select app.begin_upload('big.bin', 601, null)$$, 'PT413', 'The file is too large: the limit is 600 bytes.', 'a file over the size limit is refused');
select throws_ok($$select app.begin_upload('a.txt', null, null)$$, 'PT400', 'The size of the file is required.', 'a signed upload needs a size');

select app.begin_upload('a.txt', 500, 'text/plain') ->> 'id' as up1 \gset
select is((select reserved from api.storage_usage), 500::bigint, 'starting an upload reserves its size');
select throws_ok($$select app.begin_upload('b.txt', 501, 'text/plain')$$, 'PT413', null,
  'an upload that would exceed the quota is refused before any byte is stored');
select throws_ok(format($$select app.complete_upload(%L)$$, :'up1'), 'PT409', 'No bytes have arrived for this upload yet.',
  'an upload cannot complete before its bytes arrive');
select lives_ok(format($$select app.record_upload_bytes(%L, 499, repeat('a', 64), 'text/plain')$$, :'up1'), 'the measured bytes are recorded');
select throws_ok(format($$select app.complete_upload(%L)$$, :'up1'), 'PT400', 'The upload is incomplete: 499 of 500 bytes arrived.',
  'a short upload cannot complete');
select lives_ok(format($$select app.record_upload_bytes(%L, 500, repeat('a', 64), 'text/plain')$$, :'up1'), 'the full bytes are recorded');
select is(app.complete_upload(:'up1') ->> 'name', 'a.txt', 'completing creates the file');
select is((select (used, reserved) from api.storage_usage), (500::bigint, 0::bigint), 'the reservation became usage');
select is(app.complete_upload(:'up1') ->> 'name', 'a.txt', 'completing twice answers the same file');
select is((select count(*)::int from api.files), 1, 'the owner sees their file');

-- A second upload to the same path is a new version.
select app.begin_upload('A.TXT', 100, 'text/plain') ->> 'id' as up2 \gset
select app.record_upload_bytes(:'up2', 100, repeat('b', 64), 'text/plain');
select app.complete_upload(:'up2') ->> 'id' as file1 \gset
select is((select count(*)::int from api.file_versions where file_id = :'file1'), 2, 'the same name in the same folder adds a version');
select is((select size from api.files where id = :'file1'), 100::bigint, 'the file shows its newest version');

-- Paths create folders; a sha256 must match.
select app.begin_upload(null, 10, 'text/plain', null, 'docs/2024/notes.txt', repeat('c', 64)) as up3 \gset
select is((select count(*)::int from api.folders), 2, 'a path creates the missing folders');
select app.record_upload_bytes((:'up3'::jsonb ->> 'id')::uuid, 10, repeat('d', 64), 'text/plain');
select throws_ok(format($$select app.complete_upload(%L)$$, :'up3'::jsonb ->> 'id'), 'PT400',
  'The bytes do not match the SHA-256 checksum given at the start.', 'a checksum mismatch is refused');

-- A sniffed type on the deny-list is refused at completion.
select app.begin_upload('photo.jpg', 10, 'image/jpeg') as up4j \gset
select :'up4j'::jsonb ->> 'id' as up4 \gset
select app.record_upload_bytes(:'up4', 10, repeat('e', 64), 'application/x-executable');
select throws_ok(format($$select app.complete_upload(%L)$$, :'up4'), 'PT415', null, 'an executable disguised as a photo is refused');

-- Cancelling releases the reservation and queues the object.
select app.cancel_upload(:'up4');
select tests.clear_authentication();
select ok(exists (select from app.storage_garbage where object_key = :'up4j'::jsonb ->> 'object_key'),
  'a cancelled upload''s object is queued for deletion');

-- Another user sees nothing of Ada's and cannot touch her uploads.
select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.files), 0, 'another user cannot read my files');
select is((select count(*)::int from api.file_versions), 0, 'another user cannot read my versions');
select is((select count(*)::int from api.folders), 0, 'another user cannot read my folders');
select throws_ok(format($$select app.complete_upload(%L)$$, (:'up3'::jsonb ->> 'id')), 'PT404', 'Upload not found.',
  'another user cannot complete my upload');
select is(app.version_for_download(:'file1', null), null, 'another user cannot download my file');

-- anon sees nothing.
select tests.authenticate_as_role('anon');
select throws_ok('select * from api.files', '42501', null, 'anon cannot list files');

-- Expired uploads give their reservation back.
select tests.clear_authentication();
update app.uploads set expires_at = now() - interval '1 second' where id = (:'up3'::jsonb ->> 'id')::uuid;
select is(app.expire_uploads(), 1, 'the collector expires pending uploads past their time');
select ok(exists (select from app.storage_garbage where object_key = :'up3'::jsonb ->> 'object_key'),
  'an expired upload''s object is queued for deletion');

select * from finish();
rollback;
