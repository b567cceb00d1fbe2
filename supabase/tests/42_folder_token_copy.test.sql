-- A folder-limited token copies nothing in from outside its folder and
-- names no folder outside it in breadcrumbs.
begin;
select plan(4);

select tests.create_user('pat-copy@example.com', 'Cory') as cory \gset

select tests.authenticate_as(:'cory');
select (api.create_folder('Backup')).id as backup \gset
select (api.create_folder('Inner', :'backup')).id as inner \gset
select (api.create_folder('Other')).id as other \gset
select tests.put_file('secret.txt', :'other') as f_other \gset
select tests.put_file('mine.txt', :'backup') as f_mine \gset
select api.create_access_token('backup', array['files:write'], :'backup') ->> 'token' as token \gset

select tests.act_with_token(:'token');
select throws_ok(format($$select api.copy_file(%L, %L)$$, :'f_other', :'backup'), 'PT404', 'File not found.',
  'a folder token cannot copy a file from outside into its folder');
select lives_ok(format($$select api.copy_file(%L, %L, 'copy.txt')$$, :'f_mine', :'inner'),
  'a folder token copies inside its folder');
select throws_ok(format($$select * from api.folder_path(%L)$$, :'other'), 'PT404', 'Folder not found.',
  'a folder token gets no breadcrumbs of a folder outside');
select is(array(select name from api.folder_path(:'inner')), array['Backup', 'Inner'],
  'breadcrumbs start at the token''s folder');

select * from finish();
rollback;
