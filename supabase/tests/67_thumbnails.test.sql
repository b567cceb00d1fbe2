-- Thumbnails: the owner of an image, and a person it is shared with, see its
-- current version's thumbnail and may record the one the edge made (the first
-- recorded is kept, a second is queued for collection); another user, the
-- admin and anon get nothing; a file that is not an image has none; a new
-- version, the trash and a purge drop the old thumbnail and queue its bytes;
-- the collector, backups and fsck count thumbnails as referenced.
begin;
select plan(27);

select tests.create_user('thumb-ada@example.com', 'Ada') as ada \gset
select tests.create_user('thumb-bob@example.com', 'Bob') as bob \gset
select tests.create_user('thumb-cy@example.com', 'Cy') as cy \gset
select tests.create_user('thumb-root@example.com', 'Root') as root \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'admin';

insert into app.files (id, owner_id, name, mime_type) values
  ('67000000-0000-4000-8000-000000000001', :'ada', 'photo.jpg', 'image/jpeg'),
  ('67000000-0000-4000-8000-000000000002', :'ada', 'notes.txt', 'text/plain');
insert into app.file_versions (id, file_id, owner_id, version, object_key, size, sha256, mime_type) values
  ('67000000-0000-4000-8000-0000000000a1', '67000000-0000-4000-8000-000000000001', :'ada', 1, '00000000-0000-4000-8000-0000000000a1', 2000, repeat('a', 64), 'image/jpeg'),
  ('67000000-0000-4000-8000-0000000000a2', '67000000-0000-4000-8000-000000000002', :'ada', 1, '00000000-0000-4000-8000-0000000000a2', 5, repeat('b', 64), 'text/plain');
update app.files f set current_version_id = v.id from app.file_versions v where v.file_id = f.id;
-- Cy may view the photo.
insert into app.shares (owner_id, recipient_id, file_id, role)
values (:'ada', :'cy', '67000000-0000-4000-8000-000000000001', 'viewer');

\set photo_v1 '67000000-0000-4000-8000-0000000000a1'
\set first_key 'thumbnails/67000000-0000-4000-8000-0000000000f1.webp'
\set second_key 'thumbnails/67000000-0000-4000-8000-0000000000f2.webp'

-- The owner.
select tests.authenticate_as(:'ada');
select is(app.thumbnail_of(:'photo_v1') -> 'thumbnail', 'null'::jsonb, 'the owner asks for a thumbnail none has made yet');
select is(app.thumbnail_of(:'photo_v1') ->> 'object_key', '00000000-0000-4000-8000-0000000000a1',
  'and is told which object to make it of');
select is(app.record_thumbnail(:'photo_v1', :'first_key', 1234, repeat('c', 64), 320, 240) ->> 'object_key', :'first_key',
  'the owner records the thumbnail made');
select is(app.thumbnail_of(:'photo_v1') -> 'thumbnail' ->> 'object_key', :'first_key', 'and it is the version''s thumbnail');
select is(app.record_thumbnail(:'photo_v1', :'second_key', 99, repeat('d', 64), 10, 10) ->> 'object_key', :'first_key',
  'a second thumbnail made at the same time does not replace the first');
select is((select count(*)::int from app.thumbnails), 1, 'the owner reads her thumbnail''s row');
select throws_ok($$ select app.record_thumbnail('67000000-0000-4000-8000-0000000000a1', 'objects/x.webp') $$,
  'PT400', 'A thumbnail object is named thumbnails/<uuid>.webp.', 'a thumbnail must be a thumbnails/ object');
select throws_ok($$ select app.thumbnail_of('67000000-0000-4000-8000-0000000000a2') $$,
  'PT404', 'This file has no thumbnail.', 'a text file has no thumbnail');
select tests.clear_authentication();
select ok(exists (select from app.storage_garbage where object_key = :'second_key'),
  'the thumbnail that lost the race is queued for collection');

-- Another user.
select tests.authenticate_as(:'bob');
select throws_ok($$ select app.thumbnail_of('67000000-0000-4000-8000-0000000000a1') $$,
  'PT404', 'File not found.', 'another user cannot see my thumbnail');
select throws_ok($$ select app.record_thumbnail('67000000-0000-4000-8000-0000000000a1', 'thumbnails/67000000-0000-4000-8000-0000000000f3.webp', 1, repeat('e', 64), 1, 1) $$,
  'PT404', 'File not found.', 'nor record one for my file');
select is((select count(*)::int from app.thumbnails), 0, 'nor read thumbnail rows');
select tests.clear_authentication();

-- A person the photo is shared with.
select tests.authenticate_as(:'cy');
select is(app.thumbnail_of(:'photo_v1') -> 'thumbnail' ->> 'object_key', :'first_key',
  'a viewer of the shared photo sees its thumbnail');
select tests.clear_authentication();

-- The admin reads every file's metadata, never its bytes.
select tests.authenticate_as(:'root');
select ok((select count(*) from app.files where owner_id = :'ada') > 0, 'an admin reads my files'' metadata');
select throws_ok($$ select app.thumbnail_of('67000000-0000-4000-8000-0000000000a1') $$,
  'PT404', 'File not found.', 'but not their thumbnails');
select is((select count(*)::int from app.thumbnails), 0, 'nor their thumbnail rows');
select tests.clear_authentication();

set local role anon;
select throws_ok($$ select app.thumbnail_of('67000000-0000-4000-8000-0000000000a1') $$,
  '42501', null, 'anon cannot ask for thumbnails at all');
select throws_ok($$ select * from app.thumbnails $$, '42501', null, 'nor read their rows');
reset role;

-- What references objects counts thumbnails.
select ok(app.object_is_referenced(:'first_key'), 'the collector never sweeps a recorded thumbnail');
select is((select row(size, sha256)::text from private.referenced_objects() where object_key = :'first_key'),
  row(1234::bigint, repeat('c', 64))::text, 'backups copy it and fsck checks its size and checksum');

-- A new version: the old thumbnail goes, the new version gets its own.
select (app.add_version(f, '00000000-0000-4000-8000-0000000000b1', 3000, repeat('f', 64), 'image/jpeg')).id as photo_v2
from app.files f where f.id = '67000000-0000-4000-8000-000000000001' \gset
select ok(not exists (select from app.thumbnails where version_id = :'photo_v1'), 'a new version drops the old one''s thumbnail');
select ok(exists (select from app.storage_garbage where object_key = :'first_key'), 'and queues its bytes for collection');
select tests.authenticate_as(:'ada');
select throws_ok($$ select app.thumbnail_of('67000000-0000-4000-8000-0000000000a1') $$,
  'PT404', 'File not found.', 'an old version has no thumbnail');
select is(app.thumbnail_of(:'photo_v2') -> 'thumbnail', 'null'::jsonb, 'the new version has none made yet');
select app.record_thumbnail(:'photo_v2', 'thumbnails/67000000-0000-4000-8000-0000000000f4.webp', 50, repeat('1', 64), 320, 240);

-- The trash drops it too.
select api.trash_file('67000000-0000-4000-8000-000000000001');
select throws_ok(format('select app.thumbnail_of(%L)', :'photo_v2'),
  'PT404', 'File not found.', 'a file in the trash has no thumbnail');
select tests.clear_authentication();
select ok(not exists (select from app.thumbnails where file_id = '67000000-0000-4000-8000-000000000001'),
  'trashing a file deletes its thumbnail');
select ok(exists (select from app.storage_garbage where object_key = 'thumbnails/67000000-0000-4000-8000-0000000000f4.webp'),
  'and queues its bytes for collection');

select * from finish();
rollback;
