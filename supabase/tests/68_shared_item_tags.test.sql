-- Tags on shared items, for the people they are shared with: none. A
-- recipient (viewer or editor, through a shared folder or a file shared
-- alone) reads none of the owner's tags in file_tags, tags or list_tags,
-- finds nothing by them in search_files, and can neither tag a shared file
-- (its owner's) nor take a tag off it; the owner's tags stay hers, for her
-- alone. Another user and the admin see none; anon may not read them.
begin;
select plan(17);

select tests.create_user('sit-ada@example.com', 'Ada') as ada \gset
select tests.create_user('sit-bob@example.com', 'Bob') as bob \gset
select tests.create_user('sit-cy@example.com', 'Cy') as cy \gset
select tests.create_user('sit-eve@example.com', 'Eve') as eve \gset
select tests.create_user('sit-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

-- Ada's folder Team holds plan.txt tagged budget and q3; memo.txt (tagged budget) is shared alone.
select tests.authenticate_as(:'ada');
select (api.create_folder('Team')).id as team \gset
select tests.put_file('plan.txt', :'team') as plan \gset
select tests.put_file('memo.txt') as memo \gset
select api.add_tags(:'plan', array['budget', 'q3']);
select api.add_tags(:'memo', array['budget']);
select (select id from api.tags where name = 'budget') as budget \gset
select api.share_with('sit-bob@example.com', folder_id => :'team', role => 'viewer');
select api.share_with('sit-cy@example.com', folder_id => :'team', role => 'editor');
select api.share_with('sit-bob@example.com', file_id => :'memo', role => 'editor');
select is((select count(*)::int from api.file_tags where file_id in (:'plan', :'memo')), 3, 'the owner reads her tags on them');

select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.file_tags), 0, 'a viewer of the folder reads none of the owner''s tags in file_tags');
select is((select count(*)::int from api.tags), 0, 'nor in tags');
select is((select count(*)::int from api.list_tags()), 0, 'nor in list_tags');
select is(jsonb_array_length(api.search_files(tags => array['budget']) -> 'items'), 0, 'and finds nothing by them in search_files');
select throws_ok(format($$select api.add_tags(%L, array['mine'])$$, :'memo'), 'PT404', null,
  'an editor of a file shared alone cannot tag it');
select throws_ok(format($$select api.remove_tag(%L, %L)$$, :'memo', :'budget'), 'PT404', null, 'nor take the owner''s tag off it');

select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select is((select count(*)::int from api.file_tags), 0, 'an editor of the folder reads none of them either');
select throws_ok(format($$select api.add_tags(%L, array['mine'])$$, :'plan'), 'PT404', null, 'and cannot tag a file in it');
select throws_ok(format($$select api.remove_tag(%L, %L)$$, :'plan', :'budget'), 'PT404', null, 'nor untag one');
select is((select count(*)::int from app.file_tags where file_id = :'plan'), 0,
  'the tag links themselves are out of an editor''s reach (RLS on app.file_tags)');

select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select is(array(select name from api.file_tags where file_id = :'plan' order by name), array['budget', 'q3'],
  'the owner''s tags are unchanged');

select tests.clear_authentication();
select tests.authenticate_as(:'eve');
select is((select count(*)::int from api.file_tags), 0, 'another user reads none');
select is((select count(*)::int from api.tags), 0, 'nor any tag');
select tests.clear_authentication();
select tests.authenticate_as(:'admin');
select is((select count(*)::int from api.file_tags), 0, 'the admin reads none through the owners'' views');

select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select * from api.file_tags$$, '42501', null, 'anon may not read file_tags');
select throws_ok($$select * from api.tags$$, '42501', null, 'nor tags');

select * from finish();
rollback;
