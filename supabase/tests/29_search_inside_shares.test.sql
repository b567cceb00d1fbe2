-- Search inside what others share with you: api.search_files with folder_id =
-- a folder shared with the caller searches what the share reaches (the
-- folder and its untrashed folders, outside the trash) with the owner's
-- search, shows no tag of the owner's and matches nothing through them alone,
-- and its folder paths start at the highest folder shared. Outside a share
-- (another user, the admin, a folder not reached, a revoked or expired share)
-- it finds nothing of the owner's; anon may not search.
begin;
select plan(25);

select tests.create_user('sis-ada@example.com', 'Ada') as ada \gset
select tests.create_user('sis-bob@example.com', 'Bob') as bob \gset
select tests.create_user('sis-cy@example.com', 'Cy') as cy \gset
select tests.create_user('sis-eve@example.com', 'Eve') as eve \gset
select tests.create_user('sis-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

-- Ada: Team/{notes.txt tagged secretive, Reports/q3-budget.txt described "forecast", Old/ (trashed)
-- with budget-old.txt, budget-binned.txt (trashed)}, and Private/budget-private.txt.
select tests.authenticate_as(:'ada');
select (api.create_folder('Team')).id as team \gset
select (api.create_folder('Reports', :'team')).id as reports \gset
select (api.create_folder('Old', :'team')).id as old \gset
select (api.create_folder('Private')).id as private \gset
select tests.put_file('notes.txt', :'team') as notes \gset
select tests.put_file('q3-budget.txt', :'reports') as q3 \gset
select tests.put_file('budget-old.txt', :'old') as budget_old \gset
select tests.put_file('budget-binned.txt', :'team') as binned \gset
select tests.put_file('budget-private.txt', :'private') as budget_private \gset
select api.add_tags(:'notes', array['secretive']);
select api.add_tags(:'q3', array['secretive']);
select api.update_file(:'q3', description => 'the forecast');
select api.trash_folder(:'old');
select api.trash_file(:'binned');
select api.share_with('sis-bob@example.com', folder_id => :'team', role => 'viewer');
select api.share_with('sis-cy@example.com', folder_id => :'reports', role => 'editor');

create temporary table found (who text, label text, result jsonb) on commit drop;
grant all on found to public;
create function pg_temp.names(label text) returns text[] language sql as $$
  select coalesce(array_agg(e ->> 'name' order by e ->> 'name'), '{}')
  from found, jsonb_array_elements(result -> 'items') e where found.label = names.label
$$;

select is(array(select e ->> 'name' from jsonb_array_elements(api.search_files('secretive') -> 'items') e order by 1),
  array['notes.txt', 'q3-budget.txt'], 'the owner finds her files by her tag words');
select is(array(select e ->> 'name' from jsonb_array_elements(api.search_files('budget') -> 'items') e order by 1),
  array['budget-private.txt', 'q3-budget.txt'], 'and her own search is the whole drive outside the trash');

select tests.clear_authentication();
select tests.authenticate_as(:'bob');
insert into found values
  ('bob', 'budget', api.search_files('budget', folder_id => :'team')),
  ('bob', 'secretive', api.search_files('secretive', folder_id => :'team')),
  ('bob', 'forecast', api.search_files('forecast', folder_id => :'team')),
  ('bob', 'tag filter', api.search_files(tags => array['secretive'], folder_id => :'team')),
  ('bob', 'trashed', api.search_files('budget', folder_id => :'team', trashed => true)),
  ('bob', 'either', api.search_files('budget', folder_id => :'team', trashed => null)),
  ('bob', 'only Team', api.search_files(folder_id => :'team', include_subfolders => false)),
  ('bob', 'all in Team', api.search_files(folder_id => :'team')),
  ('bob', 'typo', api.search_files('budgte', folder_id => :'team')),
  ('bob', 'in Reports', api.search_files('budget', folder_id => :'reports')),
  ('bob', 'in Old', api.search_files('budget', folder_id => :'old')),
  ('bob', 'own drive', api.search_files('budget'));
select is(pg_temp.names('budget'), array['q3-budget.txt'],
  'a viewer of Team finds what the share reaches: not the trashed folder, the binned file or a folder not shared');
select is((select result -> 'items' -> 0 -> 'folder_path' from found where label = 'budget'),
  jsonb_build_array(jsonb_build_object('id', :'team'::uuid, 'name', 'Team'), jsonb_build_object('id', :'reports'::uuid, 'name', 'Reports')),
  'its folder path starts at the shared folder');
select is((select result -> 'items' -> 0 -> 'tags' from found where label = 'budget'), '[]'::jsonb,
  'and shows none of the owner''s tags');
select is(pg_temp.names('secretive'), '{}'::text[], 'a word only the owner''s tags hold matches nothing');
select is(pg_temp.names('forecast'), array['q3-budget.txt'], 'a word of the description does');
select is(pg_temp.names('tag filter'), '{}'::text[], 'a tags filter finds nothing inside a share');
select is(pg_temp.names('trashed'), '{}'::text[], 'nor does the trash');
select is(pg_temp.names('either'), array['q3-budget.txt'], 'trashed => null is outside the trash there');
select is(pg_temp.names('only Team'), array['notes.txt'], 'include_subfolders => false is the folder alone');
select is(pg_temp.names('all in Team'), array['notes.txt', 'q3-budget.txt'], 'no query lists every file the share reaches');
select is(pg_temp.names('typo'), array['q3-budget.txt'], 'a one-edit typo finds the file, as the owner''s search would');
select is(pg_temp.names('in Reports'), array['q3-budget.txt'], 'a folder under the shared one can be searched');
select is(pg_temp.names('in Old'), '{}'::text[], 'a trashed folder under it cannot');
select is(pg_temp.names('own drive'), '{}'::text[], 'without folder_id the search is the caller''s own drive');

select tests.clear_authentication();
select tests.authenticate_as(:'cy');
insert into found values
  ('cy', 'cy in Reports', api.search_files('budget', folder_id => :'reports')),
  ('cy', 'cy in Team', api.search_files('budget', folder_id => :'team'));
select is(pg_temp.names('cy in Reports'), array['q3-budget.txt'], 'an editor of Reports finds its file');
select is((select result -> 'items' -> 0 -> 'folder_path' from found where label = 'cy in Reports'),
  jsonb_build_array(jsonb_build_object('id', :'reports'::uuid, 'name', 'Reports')),
  'with a path that starts at Reports, the folder shared with him: Team''s name is not his to see');
select is(pg_temp.names('cy in Team'), '{}'::text[], 'the folder above his share finds nothing');

select tests.clear_authentication();
select tests.authenticate_as(:'eve');
select is(jsonb_array_length(api.search_files('budget', folder_id => :'team') -> 'items'), 0,
  'another user finds nothing in Team');
select tests.clear_authentication();
select tests.authenticate_as(:'admin');
select is(jsonb_array_length(api.search_files('budget', folder_id => :'team') -> 'items'), 0,
  'nor does the admin: search is no way round the shares');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok(format($$select api.search_files('budget', folder_id => %L)$$, :'team'), '42501', null,
  'anon may not search');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select throws_ok(format($$select app.search_drive(%L, null, null, 'budget')$$, :'ada'), '42501', null,
  'the engine itself is not the API''s: it takes the owner as a parameter');
select tests.clear_authentication();

-- Access ends with the share: an expired share, then a revoked one, finds nothing.
update app.shares set expires_at = now() - interval '1 minute' where recipient_id = :'cy';
select tests.authenticate_as(:'cy');
select is(jsonb_array_length(api.search_files('budget', folder_id => :'reports') -> 'items'), 0,
  'an expired share finds nothing');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.revoke_share(id) from api.shares where folder_id = :'team';
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is(jsonb_array_length(api.search_files('budget', folder_id => :'team') -> 'items'), 0,
  'a revoked share finds nothing at the next search');

select * from finish();
rollback;
