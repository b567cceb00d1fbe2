-- Same-name uploads inside a shared folder: an editor is told the names the
-- folder (its owner's files) already has, as the owner is; a viewer,
-- another user and a folder outside the share answer 404; the owner's own
-- answers are unchanged.
begin;
select plan(7);

select tests.create_user('dupshare-ada@example.com', 'Ada') as ada \gset
select tests.create_user('dupshare-cy@example.com', 'Cy') as cy \gset
select tests.create_user('dupshare-bob@example.com', 'Bob') as bob \gset
select tests.create_user('dupshare-eve@example.com', 'Eve') as eve \gset
insert into app.folders (id, owner_id, name) values
  ('65000000-0000-4000-8000-0000000000f1', :'ada', 'Team'),
  ('65000000-0000-4000-8000-0000000000f2', :'ada', 'Private');
insert into app.folders (id, owner_id, parent_id, name) values
  ('65000000-0000-4000-8000-0000000000f3', :'ada', '65000000-0000-4000-8000-0000000000f1', 'Sub');
insert into app.files (owner_id, folder_id, name) values
  (:'ada', '65000000-0000-4000-8000-0000000000f1', 'report.pdf'),
  (:'ada', '65000000-0000-4000-8000-0000000000f3', 'deep.txt'),
  (:'cy', null, 'report.pdf');
insert into app.shares (owner_id, recipient_id, folder_id, role) values
  (:'ada', :'cy', '65000000-0000-4000-8000-0000000000f1', 'editor'),
  (:'ada', :'bob', '65000000-0000-4000-8000-0000000000f1', 'viewer');

select tests.authenticate_as(:'ada');
select results_eq(
  $$ select name, free_name from api.upload_name_conflicts('65000000-0000-4000-8000-0000000000f1', array['report.pdf', 'new.txt']) $$,
  $$ values ('report.pdf', 'report (1).pdf') $$, 'the owner is told the taken names of her folder, as before');
select tests.clear_authentication();

select tests.authenticate_as(:'cy');
select results_eq(
  $$ select name, free_name from api.upload_name_conflicts('65000000-0000-4000-8000-0000000000f1', array['REPORT.pdf', 'new.txt']) $$,
  $$ values ('REPORT.pdf', 'REPORT (1).pdf') $$, 'an editor is told the names the shared folder already has (the owner''s files)');
select results_eq(
  $$ select name from api.upload_name_conflicts('65000000-0000-4000-8000-0000000000f3', array['deep.txt']) $$,
  $$ values ('deep.txt') $$, 'and in a folder under it');
select results_eq(
  $$ select name from api.upload_name_conflicts(null, array['report.pdf']) $$,
  $$ values ('report.pdf') $$, 'at their own root, their own names count');
select throws_ok($$ select * from api.upload_name_conflicts('65000000-0000-4000-8000-0000000000f2', array['x']) $$,
  'PT404', 'Folder not found.', 'a folder of the owner outside the share is not found');
select tests.clear_authentication();

select tests.authenticate_as(:'bob');
select throws_ok($$ select * from api.upload_name_conflicts('65000000-0000-4000-8000-0000000000f1', array['report.pdf']) $$,
  'PT404', 'Folder not found.', 'a viewer cannot upload there, so is not told either');
select tests.clear_authentication();

select tests.authenticate_as(:'eve');
select throws_ok($$ select * from api.upload_name_conflicts('65000000-0000-4000-8000-0000000000f1', array['report.pdf']) $$,
  'PT404', 'Folder not found.', 'nor another user');
select tests.clear_authentication();

select * from finish();
rollback;
