-- A file's description is searchable as soon as api.update_file sets it, its
-- old words stop matching when it changes, and neither moves "Modified".
begin;
select plan(4);

select tests.create_user('skd-ada@example.com', 'Ada') as ada \gset
select tests.authenticate_as(:'ada');
select tests.put_file('q3.txt') as q3 \gset
select updated_at as modified from app.files where id = :'q3' \gset

select api.update_file(:'q3', description => 'the forecast for autumn');
select is(array(select e ->> 'name' from jsonb_array_elements(api.search_files('forecast') -> 'items') e),
  array['q3.txt'], 'a word of the new description finds the file');
select api.update_file(:'q3', description => 'the outlook');
select is(jsonb_array_length(api.search_files('forecast') -> 'items'), 0, 'the old description''s words no longer do');
select is(array(select e ->> 'name' from jsonb_array_elements(api.search_files('outlook') -> 'items') e),
  array['q3.txt'], 'the new one''s do');
select is((select updated_at from app.files where id = :'q3'), :'modified'::timestamptz,
  'a description is metadata: Modified stays');

select * from finish();
rollback;
