-- Same-name uploads: the names already taken in a folder, each with the
-- free name "keep both" uploads under; only in one's own folders.
begin;
select plan(8);

select tests.create_user('dup-ada@example.com', 'Ada') as ada \gset
select tests.create_user('dup-bob@example.com', 'Bob') as bob \gset
insert into app.folders (id, owner_id, name) values ('89000000-0000-4000-8000-0000000000f1', :'ada', 'Reports');
insert into app.files (owner_id, folder_id, name) values
  (:'ada', '89000000-0000-4000-8000-0000000000f1', 'report.pdf'),
  (:'ada', '89000000-0000-4000-8000-0000000000f1', 'report (1).pdf'),
  (:'ada', null, 'Notes'),
  (:'bob', null, 'plan.txt');

select tests.authenticate_as(:'ada');
select results_eq(
  $$ select name, free_name from api.upload_name_conflicts('89000000-0000-4000-8000-0000000000f1', array['REPORT.pdf', 'new.txt', 'report.pdf']) $$,
  $$ values ('REPORT.pdf', 'REPORT (2).pdf'), ('report.pdf', 'report (3).pdf') $$,
  'taken names (in any case) come back with free names, later ones of the batch counting the earlier');
select results_eq(
  $$ select name, free_name from api.upload_name_conflicts(null, array['Notes', 'plan.txt']) $$,
  $$ values ('Notes', 'Notes (1)') $$,
  'at the root, a name without an extension gets its number at the end; another user''s file is no conflict');
select is((select count(*)::int from api.upload_name_conflicts(null, '{}')), 0, 'no names, no conflicts');
select throws_ok(
  $$ select * from api.upload_name_conflicts(null, array_fill('x'::text, array[1001])) $$,
  'PT400', 'Ask about at most 1000 names at once.', 'a batch is at most 1000 names');
select tests.clear_authentication();

select tests.authenticate_as(:'bob');
select throws_ok(
  $$ select * from api.upload_name_conflicts('89000000-0000-4000-8000-0000000000f1', array['report.pdf']) $$,
  'PT404', 'Folder not found.', 'another user cannot learn which names are taken in my folder');
select tests.clear_authentication();

update app.folders set trashed_at = now() where id = '89000000-0000-4000-8000-0000000000f1';
select tests.authenticate_as(:'ada');
select throws_ok(
  $$ select * from api.upload_name_conflicts('89000000-0000-4000-8000-0000000000f1', array['report.pdf']) $$,
  'PT404', 'Folder not found.', 'nor is a folder in the trash asked about');
select tests.clear_authentication();

select tests.authenticate_as_role('anon');
select throws_ok($$ select * from api.upload_name_conflicts(null, array['a']) $$, '42501', null, 'anon cannot ask');
select tests.clear_authentication();

select ok(not has_function_privilege('anon', 'api.upload_name_conflicts(uuid, text[])', 'execute'),
  'and holds no execute grant');

select * from finish();
rollback;
