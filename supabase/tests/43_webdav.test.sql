-- WebDAV's SQL: dead properties, locks with timeouts, client modification
-- times and uploads of unknown length. Wes owns them; Olga, anon and an
-- admin see none of his.
begin;
select plan(22);

select tests.create_user('dav-wes@example.com', 'Wes') as wes \gset
select tests.create_user('dav-olga@example.com', 'Olga') as olga \gset
select tests.create_user('dav-root@example.com', 'Root') as root \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'admin';

select tests.authenticate_as(:'wes');
select tests.put_file('notes.txt') as f \gset

-- Dead properties.
select lives_ok(format($$select api.dav_set_properties(file_id => %L, changes => '[{"namespace": "urn:x", "name": "color", "value": "blue"}]')$$, :'f'),
  'the owner sets a dead property');
select is((select value from api.dav_properties where file_id = :'f' and name = 'color'), 'blue', 'the owner reads it back');
select lives_ok(format($$select api.dav_set_properties(file_id => %L, changes => '[{"namespace": "urn:x", "name": "color", "value": null}]')$$, :'f'),
  'a null value removes it');
select is((select count(*)::int from api.dav_properties where file_id = :'f'), 0, 'and it is gone');
select api.dav_set_properties(file_id => :'f', changes => '[{"namespace": "urn:x", "name": "kept", "value": "1"}]');

-- Modification time of the current version.
select lives_ok(format($$select api.set_file_mtime(%L, '2001-02-03 04:05:06+00')$$, :'f'), 'the owner sets the modification time');
select is((select modified_at from api.file_mtimes where file_id = :'f'), '2001-02-03 04:05:06+00'::timestamptz,
  'the file shows the client''s time');
select tests.put_file('notes.txt');
select is((select count(*)::int from api.file_mtimes where file_id = :'f'), 0, 'a new version shows its own time again');

-- Locks.
select count(*) from api.dav_lock('/notes.txt', '0', 'exclusive', '<D:href>wes</D:href>', 60);
select token as lock_token from app.dav_locks where owner_id = :'wes' \gset
select throws_ok($$select api.dav_lock('/notes.txt')$$, 'PT423', null, 'a second exclusive lock conflicts');
select throws_ok($$select api.dav_assert_unlocked(array['/notes.txt'])$$, 'PT423', null,
  'a write without the lock token is refused with 423');
select lives_ok(format($$select api.dav_assert_unlocked(array['/notes.txt'], '{}', array[%L]::uuid[])$$, :'lock_token'),
  'a write with the lock token passes');
select throws_ok($$select api.dav_assert_unlocked(array['/'], array['/'])$$, 'PT423', null,
  'deleting the folder above a locked file is refused too');
select lives_ok($$select api.dav_lock('/other.txt', '0', 'shared')$$, 'a shared lock on another path is fine');
select lives_ok($$select api.dav_lock('/other.txt', '0', 'shared')$$, 'shared locks share');
select tests.clear_authentication();
update app.dav_locks set expires_at = now() - interval '1 second' where token = :'lock_token';
select tests.authenticate_as(:'wes');
select lives_ok($$select api.dav_assert_unlocked(array['/notes.txt'])$$, 'an expired lock no longer counts');
select throws_ok(format($$select * from api.dav_lock('/notes.txt', refresh => %L)$$, :'lock_token'), 'PT412', null,
  'an expired lock cannot be refreshed');

-- Others.
select tests.clear_authentication();
select tests.authenticate_as(:'olga');
select is((select count(*)::int from app.dav_properties), 0, 'another user reads none of his properties');
select is((select count(*)::int from app.dav_locks), 0, 'another user reads none of his locks');
select throws_ok(format($$select api.dav_set_properties(file_id => %L, changes => '[{"namespace": "", "name": "x", "value": "y"}]')$$, :'f'),
  'PT404', null, 'another user cannot set properties on his file');
select throws_ok(format($$select api.set_file_mtime(%L, now())$$, :'f'), 'PT404', null, 'another user cannot set his file''s time');
select tests.clear_authentication();
select tests.authenticate_as(:'root');
select is((select count(*)::int from app.dav_properties) + (select count(*)::int from app.dav_locks)
  + (select count(*)::int from app.file_mtimes), 0, 'an admin reads none of them either');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select * from api.dav_properties$$, '42501', null, 'anon reads no properties');
select throws_ok($$select api.dav_lock('/x')$$, '42501', null, 'anon takes no lock');

select * from finish();
rollback;
