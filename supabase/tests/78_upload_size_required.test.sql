-- Every upload names its size and reserves it, store_file's (direct) too, so
-- uploads in parallel cannot together pass the quota.
begin;
select plan(6);

select tests.create_user('size-ada@example.com', 'Ada') as ada \gset
insert into private.settings (key, value) values ('files.default_quota', '1000')
on conflict (key) do update set value = excluded.value;

select tests.authenticate_as(:'ada');
select throws_ok($$select app.begin_upload('a.txt', null, 'text/plain', kind => 'direct')$$, 'PT400',
  'The size of the file is required.', 'a store_file upload without a size is refused');
select throws_ok($$select app.begin_upload('a.txt', null, 'text/plain', kind => 'tus')$$, 'PT400',
  'The size of the file is required.', 'a resumable upload without a size is refused');
select is((app.begin_upload('a.txt', 600, 'text/plain', kind => 'direct') ->> 'max_bytes')::bigint, 600::bigint,
  'a store_file upload may receive the size it reserved');
select is((select reserved from api.storage_usage), 600::bigint, 'a store_file upload reserves its size');
select throws_ok($$select app.begin_upload('b.txt', 600, 'text/plain', kind => 'direct')$$, 'PT413', null,
  'a second store_file upload that would pass the quota is refused before any byte');
select is((select count(*)::int from app.uploads where status = 'pending'), 1, 'only the first upload is pending');

select * from finish();
rollback;
