-- Search results say where each file is: folder_path, the folders from the
-- top of the drive down to the file's folder, in the same answer (two
-- "sunset.png" told apart), following renames and moves, and for a
-- folder-limited access token starting at its folder.
begin;
select plan(9);

select tests.create_user('paths-ada@example.com', 'Ada') as ada \gset
select tests.create_user('paths-bob@example.com', 'Bob') as bob \gset

/* The folder path of each result as 'A/B', by file name and path order. */
create function pg_temp.paths(result jsonb) returns text[] language sql as $$
  select coalesce(array_agg(r order by r), '{}')
  from jsonb_array_elements(result -> 'items') i,
    lateral (select (i ->> 'name') || ' in /' || coalesce(string_agg(p ->> 'name', '/' order by k), '') as r
             from jsonb_array_elements(i -> 'folder_path') with ordinality x(p, k)) l
$$;
grant execute on function pg_temp.paths(jsonb) to authenticated;

select tests.authenticate_as(:'ada');
select (api.create_folder('Photos')).id as photos \gset
select (api.create_folder('2024', :'photos')).id as y2024 \gset
select (api.create_folder('Beach', :'y2024')).id as beach \gset
select (api.create_folder('Work')).id as work \gset
select tests.clear_authentication();
insert into app.files (owner_id, folder_id, name, mime_type, updated_at) values
  (:'ada', null, 'sunset.png', 'image/png', '2024-01-01Z'),
  (:'ada', :'beach', 'sunset.png', 'image/png', '2024-02-01Z'),
  (:'ada', :'work', 'sunset-deck.pdf', 'application/pdf', '2024-03-01Z'),
  (:'ada', :'beach', 'holiday.png', 'image/png', '2024-04-01Z'),
  (:'bob', null, 'sunset.png', 'image/png', '2024-01-01Z');

select tests.authenticate_as(:'ada');
select is(pg_temp.paths(api.search_files(q => 'sunset')),
  array['sunset-deck.pdf in /Work', 'sunset.png in /', 'sunset.png in /Photos/2024/Beach'],
  'each result carries the path of its folder: two sunset.png are told apart');
select is((select i -> 'folder_path' from jsonb_array_elements(api.search_files(q => 'sunset') -> 'items') i
  where i -> 'folder_id' = 'null'), '[]'::jsonb,
  'a file at the top of the drive has an empty path');
select is((select array_agg(p ->> 'id' order by k) from jsonb_array_elements(
    (select i -> 'folder_path' from jsonb_array_elements(api.search_files(q => 'sunset') -> 'items') i
     where i ->> 'folder_id' = :'beach')) with ordinality x(p, k)),
  array[:'photos', :'y2024', :'beach'], 'the path names each folder by id, from the top down to the file''s own');
select is(pg_temp.paths(api.search_files(q => 'holdiay')), array['holiday.png in /Photos/2024/Beach'],
  'near-misses carry their path too');
select is(pg_temp.paths(api.search_files(q => '', type_group => 'pdf')), array['sunset-deck.pdf in /Work'],
  'a search by filters alone carries paths');
select from api.rename_folder(:'y2024', 'Summer 2024');
select from api.move_folder(:'work', :'photos');
select is(pg_temp.paths(api.search_files(q => 'sunset')),
  array['sunset-deck.pdf in /Photos/Work', 'sunset.png in /', 'sunset.png in /Photos/Summer 2024/Beach'],
  'paths follow renamed and moved folders');
select tests.clear_authentication();

select tests.authenticate_as(:'bob');
select is(pg_temp.paths(api.search_files(q => 'sunset')), array['sunset.png in /'],
  'another user finds only their own file, with no folder of mine');
select tests.clear_authentication();

-- A folder-limited access token: paths start at its folder.
select tests.authenticate_as(:'ada');
select api.create_access_token('photos', array['files:read'], :'photos') ->> 'token' as token \gset
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select from set_config('request.headers', '{"x-client-ip": "198.51.100.8"}', true);
select api.token_from_access_token(:'token') -> 0 ->> 'token' as jwt \gset
select tests.clear_authentication();
select tests.authenticate_as_role('authenticated', tests.claims_of(:'jwt'));
select is(pg_temp.paths(api.search_files(q => 'sunset')),
  array['sunset-deck.pdf in /Photos/Work', 'sunset.png in /Photos/Summer 2024/Beach'],
  'a folder-limited token finds only inside its folder, with paths from that folder down');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.create_access_token('beach', array['files:read'], :'beach') ->> 'token' as beach_token \gset
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select from set_config('request.headers', '{"x-client-ip": "198.51.100.9"}', true);
select api.token_from_access_token(:'beach_token') -> 0 ->> 'token' as beach_jwt \gset
select tests.clear_authentication();
select tests.authenticate_as_role('authenticated', tests.claims_of(:'beach_jwt'));
select ok(pg_temp.paths(api.search_files(q => 'sunset')) = array['sunset.png in /Beach']
    and api.search_files(q => 'sunset')::text not like '%Summer 2024%',
  'a token limited to a deep folder never learns the names of the folders above it');
select tests.clear_authentication();

select * from finish();
rollback;
