-- search_files totals: exact up to 1000 for filters alone, then an estimate.
begin;
select plan(3);

select tests.create_user('search-totals@example.com') as ada \gset
insert into app.files (owner_id, name, mime_type)
select :'ada', format('photo-%s.jpg', i), 'image/jpeg' from generate_series(1, 1100) i;
analyze app.files;

select tests.authenticate_as(:'ada');
select is((api.search_files(type_group => 'image', page_size => 5)) -> 'total_is_exact', 'false'::jsonb,
  'past 1000 files a filter-only total is an estimate');
select ok(((api.search_files(type_group => 'image', page_size => 5)) ->> 'total')::integer > 1000,
  'the estimate is above the bound');
select is((api.search_files(q => 'photo', page_size => 5)) -> 'total_is_exact', 'false'::jsonb,
  'past 1000 matches a text query total is an estimate too');

select * from finish();
rollback;
