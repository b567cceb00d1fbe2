-- "Modified" (updated_at) moves when a file's name or content changes, not
-- when its visibility, description, tags, folder or trash state do.
begin;
select plan(8);

select tests.create_user('mod-ada@example.com', 'Ada') as ada \gset
insert into app.files (id, owner_id, name, mime_type, updated_at) values
  ('88000000-0000-4000-8000-000000000001', :'ada', 'budget.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '2020-01-01Z');
insert into app.folders (id, owner_id, name) values ('88000000-0000-4000-8000-0000000000f1', :'ada', 'Reports');

\set modified '(select updated_at from app.files where id = ''88000000-0000-4000-8000-000000000001'')'

select tests.authenticate_as(:'ada');
select api.update_file('88000000-0000-4000-8000-000000000001', visibility => 'public');
select is(:modified, '2020-01-01Z'::timestamptz, 'making a file public does not change its Modified time');
select api.update_file('88000000-0000-4000-8000-000000000001', visibility => 'private');
select api.update_file('88000000-0000-4000-8000-000000000001', description => 'Quarterly figures');
select is(:modified, '2020-01-01Z'::timestamptz, 'nor do making it private again and writing its description');
select api.add_tags('88000000-0000-4000-8000-000000000001', array['finance']);
select is(:modified, '2020-01-01Z'::timestamptz, 'nor does tagging it');
select api.move_file('88000000-0000-4000-8000-000000000001', '88000000-0000-4000-8000-0000000000f1');
select is(:modified, '2020-01-01Z'::timestamptz, 'nor does moving it to another folder');
select api.trash_file('88000000-0000-4000-8000-000000000001');
select api.restore_file('88000000-0000-4000-8000-000000000001');
select is(:modified, '2020-01-01Z'::timestamptz, 'nor do the trash and back');
select api.rename_file('88000000-0000-4000-8000-000000000001', 'budget 2026.xlsx');
select cmp_ok(:modified, '>', '2020-01-01Z'::timestamptz, 'renaming it does');
select tests.clear_authentication();

update app.files set updated_at = '2020-01-01Z' where id = '88000000-0000-4000-8000-000000000001';
update app.files set size = 42, sha256 = repeat('a', 64) where id = '88000000-0000-4000-8000-000000000001';
select cmp_ok(:modified, '>', '2020-01-01Z'::timestamptz, 'new content (size and checksum) does');
update app.files set updated_at = '2020-01-01Z' where id = '88000000-0000-4000-8000-000000000001';
update app.files set mime_type = 'text/csv' where id = '88000000-0000-4000-8000-000000000001';
select cmp_ok(:modified, '>', '2020-01-01Z'::timestamptz, 'and so does a new type');

select * from finish();
rollback;
