-- Notifications: a user reads, marks read and deletes only their own; anon
-- nothing; the admin no one else's. Events of one kind on one item within a
-- minute fold into one. Pages walk by cursor with the unread count.
begin;
select plan(40);

select tests.create_user('note-ada@example.com', 'Ada') as ada \gset
select tests.create_user('note-bob@example.com', 'Bob') as bob \gset
select tests.create_user('note-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

-- Written by SQL only
select app.notify(:'ada', 'sessions_ended', '{"sessions": 2}') as first_id \gset
select app.notify(:'ada', 'sessions_ended', '{"sessions": 3}', 'file', gen_random_uuid()) as second_id \gset
select app.notify(:'bob', 'sessions_ended', '{"sessions": 1}') as bobs_id \gset

select tests.authenticate_as(:'ada');
select throws_ok($$ insert into app.notifications (user_id, type) values (app.current_user_id(), 'sessions_ended') $$,
  '42501', null, 'a user cannot write a notification, not even their own');
select throws_ok(format($$ select app.notify(%L, 'sessions_ended') $$, :'bob'),
  '42501', null, 'a user cannot notify anyone through app.notify');
select is((api.notifications() -> 'unread')::int, 2, 'I see my unread count');
select is(jsonb_array_length(api.notifications() -> 'items'), 2, 'I see my notifications');
select is(api.notifications() -> 'items' -> 0 ->> 'title', 'You signed out on every device (3 sessions)',
  'newest first, with its words rendered from the payload');
select is((select count(*)::int from app.notifications), 2, 'through the table too, only mine');
select tests.clear_authentication();

select tests.authenticate_as(:'bob');
select is((select count(*)::int from app.notifications where user_id = :'ada'), 0, 'another user cannot read my notifications');
select is((api.mark_read(array[:first_id, :second_id]::bigint[]) ->> 'marked')::int, 0, 'another user cannot mark mine read');
update app.notifications set read_at = now() where id = :first_id;
select throws_ok(format('select api.delete_notification(%s)', :first_id), 'PT404', 'Notification not found',
  'another user cannot delete mine (and learns nothing: not found)');
delete from app.notifications where id = :second_id;
select is((api.notifications() -> 'unread')::int, 1, 'they see their own only');
select tests.clear_authentication();
select is((select count(*)::int from app.notifications where user_id = :'ada' and read_at is null), 2,
  'nothing of mine was marked read or deleted by another user');

select tests.authenticate_as_role('anon');
select throws_ok('select api.notifications()', '42501', null, 'anon cannot list notifications');
select throws_ok('select count(*) from app.notifications', '42501', null, 'anon cannot read the table');
select throws_ok('select api.mark_read()', '42501', null, 'anon cannot mark anything read');
select tests.clear_authentication();

select tests.authenticate_as(:'admin');
select is((select count(*)::int from app.notifications), 0, 'the admin cannot read anyone''s notifications');
select is((api.mark_read() ->> 'marked')::int, 0, 'and mark read only their own (none)');
select throws_ok(format('select api.delete_notification(%s)', :bobs_id), 'PT404', null, 'nor delete someone else''s');
select tests.clear_authentication();

-- Folding: one kind, one item, within the fold window, while unread
select gen_random_uuid() as drop_box \gset
select app.notify(:'ada', 'storage_80', '{"percent": 81}', 'folder', :'drop_box') as fold_a \gset
select app.notify(:'ada', 'storage_80', '{"percent": 82}', 'folder', :'drop_box') as fold_b \gset
select app.notify(:'ada', 'storage_80', '{"percent": 83}', 'folder', :'drop_box') as fold_c \gset
select is(array[:fold_b, :fold_c]::bigint[], array[:fold_a, :fold_a]::bigint[], 'events of one kind on one item fold into one notification');
select is((select count || ' ' || (payload ->> 'percent') from app.notifications where id = :fold_a), '3 83',
  'counting them and keeping the newest payload');
select isnt(app.notify(:'ada', 'storage_80', '{"percent": 84}', 'folder', gen_random_uuid()), :fold_a::bigint,
  'another item gets its own');
select isnt(app.notify(:'ada', 'storage_95', '{"percent": 96}', 'folder', :'drop_box'), :fold_a::bigint,
  'another kind gets its own');
update app.notifications set created_at = now() - interval '61 seconds' where id = :fold_a;
select isnt(app.notify(:'ada', 'storage_80', '{"percent": 85}', 'folder', :'drop_box'), :fold_a::bigint,
  'past the minute a new one starts');
select app.notify(:'ada', 'new_sign_in', '{"address": "10.0.0.1"}') as fold_read \gset
update app.notifications set read_at = now() where id = :fold_read;
select isnt(app.notify(:'ada', 'new_sign_in', '{"address": "10.0.0.2"}'), :fold_read::bigint,
  'a read one is not folded into');
select throws_ok(format($$ select app.notify(%L, 'no_such_type') $$, :'ada'), 'PT400', 'Unknown notification type no_such_type',
  'an unknown type is refused');

-- A fold moves the notification to the top again, under a new cursor
select seq as seq_before from app.notifications where id = :first_id \gset
select app.notify(:'ada', 'sessions_ended', '{"sessions": 4}');
select ok((select seq > :seq_before from app.notifications where id = :first_id), 'a fold takes a new cursor');
select tests.authenticate_as(:'ada');
select is((api.notifications() -> 'items' -> 0 ->> 'id')::bigint, :first_id::bigint, 'and is listed first');
select is(api.notifications() -> 'items' -> 0 ->> 'count', '2', 'with its count');
select tests.clear_authentication();

-- Paging by cursor
select tests.authenticate_as(:'ada');
select (api.notifications(null, 3) -> 'items') as page1, api.notifications(null, 3) ->> 'next' as next1 \gset
select (api.notifications(:next1::bigint, 3) -> 'items') as page2, api.notifications(:next1::bigint, 3) ->> 'next' as next2 \gset
select (api.notifications(:next2::bigint, 3) -> 'items') as page3, coalesce(api.notifications(:next2::bigint, 3) ->> 'next', 'none') as next3 \gset
select is(jsonb_array_length(:'page1') + jsonb_array_length(:'page2') + jsonb_array_length(:'page3'), 8,
  'three pages hold all eight notifications');
select is(:'next3'::text, 'none', 'the last page says there is no next');
select is((select count(distinct x ->> 'id')::int from jsonb_array_elements(:'page1'::jsonb || :'page2'::jsonb || :'page3'::jsonb) x), 8,
  'with no notification twice');
select ok((:'page1'::jsonb -> 2 ->> 'cursor')::bigint = :next1::bigint, 'next is the cursor of the page''s last item');
select throws_ok('select api.notifications(null, 0)', 'PT400', 'limit must be between 1 and 100', 'a limit of 0 is refused');
select throws_ok('select api.notifications(null, 101)', 'PT400', 'limit must be between 1 and 100', 'so is one over 100');

-- Marking read and deleting my own
select is((api.mark_read(array[:first_id]::bigint[]) ->> 'marked')::int, 1, 'I mark one read');
select is((api.notifications() ->> 'unread')::int, 6, 'the unread count follows');
select is(api.mark_read(), '{"marked": 6, "unread": 0}', 'with no ids, everything is marked read');
select lives_ok(format('select api.delete_notification(%s)', :second_id), 'I delete one of mine');
select is((select count(*)::int from app.notifications where id = :second_id), 0, 'and it is gone');
select tests.clear_authentication();

-- Retention: read ones older than notifications.retention_days go with the housekeeping
update app.notifications set read_at = now() - interval '91 days' where id = :first_id;
update app.notifications set read_at = now() - interval '89 days' where id = :fold_a;
update app.notifications set read_at = null, created_at = now() - interval '200 days' where id = :fold_read;
select private.purge_auth_data();
select is((select count(*)::int from app.notifications where id = :first_id), 0, 'a notification read 91 days ago is purged');
select is((select count(*)::int from app.notifications where id in (:fold_a, :fold_read)), 2,
  'one read 89 days ago stays, and an old unread one too');

select * from finish();
rollback;
