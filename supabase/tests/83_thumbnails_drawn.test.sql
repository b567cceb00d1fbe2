-- Thumbnails of PDFs and videos, drawn by the uploading browser: the owner
-- and an editor may send one for the current version of a live file (the
-- first recorded is kept); a viewer sees it but may not send one; another
-- user, the admin and anon get nothing; an image's thumbnail is the edge's
-- to make and cannot be sent, and a PDF's cannot be marked "none can be
-- made"; a drawn one is asked for whatever the file's size.
begin;
select plan(21);

select tests.create_user('drawn-ada@example.com', 'Ada') as ada \gset
select tests.create_user('drawn-bob@example.com', 'Bob') as bob \gset
select tests.create_user('drawn-cy@example.com', 'Cy') as cy \gset
select tests.create_user('drawn-dee@example.com', 'Dee') as dee \gset
select tests.create_user('drawn-root@example.com', 'Root') as root \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'admin';

-- A PDF, a WebM of 2 GB (past files.thumbnail_max_bytes, which bounds only what the edge reads) and a JPEG.
insert into app.files (id, owner_id, name, mime_type) values
  ('83000000-0000-4000-8000-000000000001', :'ada', 'deck.pdf', 'application/pdf'),
  ('83000000-0000-4000-8000-000000000002', :'ada', 'talk.webm', 'video/webm'),
  ('83000000-0000-4000-8000-000000000003', :'ada', 'photo.jpg', 'image/jpeg');
insert into app.file_versions (id, file_id, owner_id, version, object_key, size, sha256, mime_type) values
  ('83000000-0000-4000-8000-0000000000a1', '83000000-0000-4000-8000-000000000001', :'ada', 1, '00000000-0000-4000-8000-0000000083a1', 2000, repeat('a', 64), 'application/pdf'),
  ('83000000-0000-4000-8000-0000000000a2', '83000000-0000-4000-8000-000000000002', :'ada', 1, '00000000-0000-4000-8000-0000000083a2', 2147483648, repeat('b', 64), 'video/webm'),
  ('83000000-0000-4000-8000-0000000000a3', '83000000-0000-4000-8000-000000000003', :'ada', 1, '00000000-0000-4000-8000-0000000083a3', 3000, repeat('c', 64), 'image/jpeg');
update app.files f set current_version_id = v.id from app.file_versions v where v.file_id = f.id;
-- Cy may view the PDF; Dee may edit the video.
insert into app.shares (owner_id, recipient_id, file_id, role) values
  (:'ada', :'cy', '83000000-0000-4000-8000-000000000001', 'viewer'),
  (:'ada', :'dee', '83000000-0000-4000-8000-000000000002', 'editor');

\set pdf_v1 '83000000-0000-4000-8000-0000000000a1'
\set video_v1 '83000000-0000-4000-8000-0000000000a2'
\set photo_v1 '83000000-0000-4000-8000-0000000000a3'
\set key1 'thumbnails/83000000-0000-4000-8000-0000000000f1.webp'
\set key2 'thumbnails/83000000-0000-4000-8000-0000000000f2.webp'
\set key3 'thumbnails/83000000-0000-4000-8000-0000000000f3.webp'

-- The owner.
select tests.authenticate_as(:'ada');
select is(app.thumbnail_of(:'pdf_v1') ->> 'maker', 'browser', 'a PDF''s thumbnail is drawn by the browser');
select is(app.thumbnail_of(:'photo_v1') ->> 'maker', 'edge', 'an image''s is made on the edge');
select is(app.thumbnail_of(:'video_v1') -> 'thumbnail', 'null'::jsonb,
  'a 2 GB video may have one: the edge never reads the file');
select is((app.drawn_thumbnail_target(:'pdf_v1') ->> 'max_bytes')::bigint, 1048576::bigint,
  'the owner may send the PDF''s, of at most files.thumbnail_drawn_max_bytes');
select is(app.record_drawn_thumbnail(:'pdf_v1', :'key1', 900, repeat('d', 64), 226, 320) ->> 'object_key', :'key1',
  'the owner records the thumbnail made of her browser''s picture');
select is(app.thumbnail_of(:'pdf_v1') -> 'thumbnail' ->> 'width', '226', 'and it is the version''s thumbnail');
select is(app.record_drawn_thumbnail(:'pdf_v1', :'key2', 800, repeat('e', 64), 10, 10) ->> 'object_key', :'key1',
  'a second picture sent does not replace the first');
select throws_ok(format('select app.record_drawn_thumbnail(%L, null, null, null, null, null)', :'video_v1'),
  'PT400', 'A drawn thumbnail has an object.', 'a drawn thumbnail cannot be "none"');
select throws_ok(format('select app.record_thumbnail(%L, null)', :'video_v1'),
  'PT400', 'This file''s thumbnail is drawn by the browser that uploads it.',
  'nor can the edge''s path mark a video as having none');
select throws_ok(format('select app.drawn_thumbnail_target(%L)', :'photo_v1'),
  'PT400', 'The edge makes this file''s thumbnail; none is sent.', 'an image''s thumbnail is not sent');
select tests.clear_authentication();
select ok(exists (select from app.storage_garbage where object_key = :'key2'),
  'the picture that came second is queued for collection');

-- A viewer sees the thumbnail, and may not send one.
select tests.authenticate_as(:'cy');
select is(app.thumbnail_of(:'pdf_v1') -> 'thumbnail' ->> 'object_key', :'key1', 'a viewer of the PDF sees its thumbnail');
select throws_ok(format('select app.drawn_thumbnail_target(%L)', :'pdf_v1'),
  '42501', 'Only who may change this file sends its thumbnail.', 'but may not send one');
select tests.clear_authentication();

-- An editor may.
select tests.authenticate_as(:'dee');
select is(app.record_drawn_thumbnail(:'video_v1', :'key3', 700, repeat('f', 64), 320, 180) ->> 'object_key', :'key3',
  'an editor of the video sends its frame');
select tests.clear_authentication();

-- Another user, the admin, anon.
select tests.authenticate_as(:'bob');
select throws_ok(format('select app.drawn_thumbnail_target(%L)', :'pdf_v1'),
  'PT404', 'File not found.', 'another user cannot send a thumbnail for my PDF');
select throws_ok(format('select app.record_drawn_thumbnail(%L, %L, 1, %L, 1, 1)', :'video_v1',
  'thumbnails/83000000-0000-4000-8000-0000000000f4.webp', repeat('1', 64)),
  'PT404', 'File not found.', 'nor record one');
select tests.clear_authentication();
select tests.authenticate_as(:'root');
select throws_ok(format('select app.drawn_thumbnail_target(%L)', :'pdf_v1'),
  'PT404', 'File not found.', 'an admin cannot send one either');
select tests.clear_authentication();
set local role anon;
select throws_ok(format('select app.drawn_thumbnail_target(%L)', :'pdf_v1'), '42501', null,
  'anon cannot ask at all');
select throws_ok(format('select app.record_drawn_thumbnail(%L, %L, 1, %L, 1, 1)', :'pdf_v1', :'key1', repeat('1', 64)),
  '42501', null, 'nor record');
reset role;

-- A new version: its picture is drawn again.
select (app.add_version(f, '00000000-0000-4000-8000-0000000083b1', 2500, repeat('9', 64), 'application/pdf')).id as pdf_v2
from app.files f where f.id = '83000000-0000-4000-8000-000000000001' \gset
select ok(not exists (select from app.thumbnails where version_id = :'pdf_v1'), 'a new version drops the drawn thumbnail');
select tests.authenticate_as(:'ada');
select is(app.thumbnail_of(:'pdf_v2') -> 'thumbnail', 'null'::jsonb, 'and the new version waits for its own');
select tests.clear_authentication();

select * from finish();
rollback;
