-- The collector keeps a deleted file's bytes for the backup retention
-- (20261208000000_collection_keeps_backup_retention.sql): each queued object
-- carries its keep_until. An upload that never completed keeps nothing. A
-- bad or negative backup.retention_days falls back safely. No user or anon
-- reads the queue; the service role (the maintenance) does.
begin;
select plan(9);

select tests.create_user('retention-ada@example.com', 'Ada') as ada \gset
-- The test databases run with 0 (BACKUP_RETENTION_DAYS); the migration's default is 7.
update private.settings set value = '7' where key = 'backup.retention_days';

select tests.authenticate_as(:'ada');
select tests.put_file('kept.txt') as kept_file \gset
select tests.put_file('at-once.txt') as at_once_file \gset
select tests.put_file('bad-setting.txt') as bad_file \gset
select tests.put_file('negative.txt') as negative_file \gset
select (app.begin_upload('never.txt', 5, 'text/plain', null) ->> 'id') as never_upload \gset
select tests.clear_authentication();

select object_key as kept_key from app.file_versions where file_id = :'kept_file' \gset
delete from app.files where id = :'kept_file';
select is((select keep_until from app.storage_garbage where object_key = :'kept_key'), now() + interval '7 days',
  'a deleted file''s bytes are kept for backup.retention_days (7)');

-- An upload that never completed, expired: nothing was confirmed, so nothing is kept.
select object_key as never_key from app.uploads where id = :'never_upload' \gset
update app.uploads set expires_at = now() - interval '1 second' where id = :'never_upload';
select is(app.expire_uploads(), 1, 'the upload expires');
select is((select keep_until from app.storage_garbage where object_key = :'never_key'), now(),
  'an upload that never completed is collectable at once');

update private.settings set value = '0' where key = 'backup.retention_days';
select object_key as at_once_key from app.file_versions where file_id = :'at_once_file' \gset
delete from app.files where id = :'at_once_file';
select is((select keep_until from app.storage_garbage where object_key = :'at_once_key'), now(),
  'with a retention of 0 the bytes go at the next run');

update private.settings set value = 'a week' where key = 'backup.retention_days';
select object_key as bad_key from app.file_versions where file_id = :'bad_file' \gset
delete from app.files where id = :'bad_file';
select is((select keep_until from app.storage_garbage where object_key = :'bad_key'), now() + interval '7 days',
  'a setting that is not a number keeps the default week, never less');

update private.settings set value = '-3' where key = 'backup.retention_days';
select object_key as negative_key from app.file_versions where file_id = :'negative_file' \gset
delete from app.files where id = :'negative_file';
select is((select keep_until from app.storage_garbage where object_key = :'negative_key'), now(),
  'a negative retention keeps nothing, and dates nothing in the past');

-- Who reads the queue.
select tests.authenticate_as(:'ada');
select throws_ok($$ select keep_until from app.storage_garbage $$, '42501', null, 'a user cannot read the collection queue');
select tests.authenticate_as_role('anon');
select throws_ok($$ select keep_until from app.storage_garbage $$, '42501', null, 'nor can anon');
select tests.authenticate_as_service_role();
select ok((select count(*) from app.storage_garbage where keep_until <= now()) >= 3,
  'the service role (the maintenance) reads what is due');
select tests.clear_authentication();

select * from finish();
rollback;
