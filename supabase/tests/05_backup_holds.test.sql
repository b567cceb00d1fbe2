-- Backups hold collection off while they copy objects (20261203900000_backup_holds.sql):
-- a live hold pauses it, releasing or expiring ends it; no API role can make or
-- see a hold; the backup's list names every referenced object once.
begin;
select plan(12);

select tests.create_user('backup-ada@example.com', 'Ada') as ada \gset

select is(app.collection_paused(), false, 'no hold: collection runs');
select private.hold_collection() as hold \gset
select is(app.collection_paused(), true, 'a live hold pauses collection');
select private.release_collection(:'hold');
select is(app.collection_paused(), false, 'releasing the hold resumes it');

insert into private.backup_holds (started_at, expires_at) values (now() - interval '7 hours', now() - interval '1 hour');
select is(app.collection_paused(), false, 'an expired hold (a backup that crashed) pauses nothing');
select private.release_collection(gen_random_uuid());
select is((select count(*)::int from private.backup_holds), 0, 'releasing any hold forgets the expired ones');

update private.settings set value = '1' where key = 'backup.hold_hours';
select private.hold_collection() as hold \gset
select ok((select expires_at < now() + interval '61 minutes' from private.backup_holds where id = :'hold'), 'the hold''s life is backup.hold_hours');
select private.release_collection(:'hold');

-- What the backup copies: each referenced object once, with its checksum.
insert into app.files (id, owner_id, name, mime_type, size, sha256)
values ('00000000-0000-4000-8000-00000000b001', :'ada', 'a.txt', 'text/plain', 3, repeat('a', 64));
insert into app.file_versions (file_id, owner_id, version, object_key, size, sha256, mime_type)
values ('00000000-0000-4000-8000-00000000b001', :'ada', 1, '00000000-0000-4000-8000-0000000000k1', 3, repeat('a', 64), 'text/plain'),
       ('00000000-0000-4000-8000-00000000b001', :'ada', 2, '00000000-0000-4000-8000-0000000000k1', 3, repeat('a', 64), 'text/plain');
insert into app.avatars (user_id, object_key) values (:'ada', 'avatars/00000000-0000-4000-8000-0000000000a1.webp');
select is((select count(*)::int from private.referenced_objects() where object_key = '00000000-0000-4000-8000-0000000000k1'), 1,
  'an object two versions share is listed once');
select is((select sha256 from private.referenced_objects() where object_key = '00000000-0000-4000-8000-0000000000k1'), repeat('a', 64),
  'with the checksum recorded at upload');
select ok(exists (select from private.referenced_objects() where object_key like 'avatars/%'), 'avatars are backed up too');

-- No API role reaches the holds.
select tests.authenticate_as_service_role();
select is(app.collection_paused(), false, 'the service role (the maintenance) may ask whether collection is paused');
select throws_ok($$ select private.hold_collection() $$, '42501', null, 'the service role cannot make a hold');
select tests.authenticate_as(:'ada');
select throws_ok($$ select app.collection_paused() $$, '42501', null, 'a user cannot even ask');
select tests.clear_authentication();

select * from finish();
rollback;
