-- Each owner's vocabulary of name words (app.owner_name_words): kept by the
-- triggers on app.files through uploads, renames, the trash and deletes,
-- readable only by its owner (and an admin who reads every file's metadata),
-- and the near-misses search_files finds through it.
begin;
select plan(23);

select tests.create_user('words-ada@example.com', 'Ada') as ada \gset
select tests.create_user('words-bob@example.com', 'Bob') as bob \gset
select tests.create_user('words-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

insert into app.files (id, owner_id, name, mime_type, updated_at) values
  ('39000000-0000-4000-8000-000000000001', :'ada', 'Budget_2024.xlsx', 'application/vnd.ms-excel', '2024-01-01Z'),
  ('39000000-0000-4000-8000-000000000002', :'ada', 'budget-review.pdf', 'application/pdf', '2024-02-01Z'),
  ('39000000-0000-4000-8000-000000000003', :'ada', 'holidayPhotos2.zip', 'application/zip', '2024-03-01Z'),
  ('39000000-0000-4000-8000-000000000004', :'bob', 'budget.txt', 'text/plain', '2024-01-01Z');

/* The words of an owner as {word: files outside the trash}. */
create function pg_temp.words(owner uuid) returns jsonb language sql as $$
  select coalesce(jsonb_object_agg(word, files), '{}') from app.owner_name_words where owner_id = owner
$$;
/* The names search_files returns. */
create function pg_temp.names(result jsonb) returns text[] language sql as $$
  select coalesce(array_agg(i ->> 'name' order by n), '{}') from jsonb_array_elements(result -> 'items') with ordinality e(i, n)
$$;
grant execute on function pg_temp.names(jsonb) to authenticated;

-- What the triggers keep.
select is(pg_temp.words(:'ada'),
  '{"budget": 2, "review": 1, "xlsx": 1, "pdf": 1, "holiday": 1, "photos": 1, "zip": 1}'::jsonb,
  'an owner''s vocabulary holds the leading letters of each name word (camelCase split, 3+ of them) with its file count');
select is(pg_temp.words(:'bob'), '{"budget": 1, "txt": 1}'::jsonb, 'each owner has their own vocabulary');
update app.files set name = 'forecast-review.pdf' where id = '39000000-0000-4000-8000-000000000002';
select is(pg_temp.words(:'ada') -> 'budget', '1'::jsonb, 'a rename stops counting the old name''s words');
select is(pg_temp.words(:'ada') -> 'forecast', '1'::jsonb, 'a rename counts the new name''s words');
select is(pg_temp.words(:'ada') -> 'review', '1'::jsonb, 'a word in both names is counted once');
update app.files set trashed_at = now() where id = '39000000-0000-4000-8000-000000000003';
select is(tests.name_word_counts(:'ada') -> 'holiday', '[0, 1]'::jsonb, 'a trashed file''s words are counted in the trash (the trash is searchable)');
update app.files set trashed_at = null where id = '39000000-0000-4000-8000-000000000003';
select is(tests.name_word_counts(:'ada') -> 'photos', '[1, 0]'::jsonb, 'a restored file''s words are counted outside the trash again');
update app.files set trashed_at = now() where id = '39000000-0000-4000-8000-000000000003';
insert into app.tags (owner_id, name) values (:'ada', 'finance');
insert into app.file_tags (file_id, tag_id, owner_id)
select '39000000-0000-4000-8000-000000000001', id, :'ada' from app.tags where owner_id = :'ada' and name = 'finance';
select is(pg_temp.words(:'ada') -> 'finance', null, 'tags are not name words');
delete from app.files where id = '39000000-0000-4000-8000-000000000003';
select ok(not (pg_temp.words(:'ada') ? 'holiday'), 'deleting the last file with a word forgets the word');
insert into app.files (owner_id, name, mime_type)
select :'ada', 'invoice_' || i || '.pdf', 'application/pdf' from generate_series(1, 30) i;
select is(pg_temp.words(:'ada') -> 'invoice', '30'::jsonb, 'a bulk insert counts every file');
delete from app.files where owner_id = :'ada' and name like 'invoice_1%';
select is(pg_temp.words(:'ada') -> 'invoice', '19'::jsonb, 'a bulk delete uncounts every file');
select is(tests.name_word_counts(:'ada'), tests.name_word_recount(:'ada'), 'the counts are those of the owner''s files now');

-- Who reads it.
select count(*) as ada_words from app.owner_name_words where owner_id = :'ada' \gset
select tests.authenticate_as(:'ada');
select is((select count(*) from app.owner_name_words where owner_id = :'ada'), :ada_words::bigint, 'the owner reads their words');
select is((select count(*) from app.owner_name_words where owner_id <> :'ada'), 0::bigint, 'an owner reads no one else''s words');
select throws_ok($$insert into app.owner_name_words (owner_id, word, files) values (app.current_user_id(), 'made', 99)$$,
  '42501', null, 'an owner cannot write their words: only the triggers do');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is((select count(*) from app.owner_name_words where owner_id = :'ada'), 0::bigint, 'another user cannot read my words');
select tests.clear_authentication();
set local role anon;
select throws_ok('select count(*) from app.owner_name_words', '42501', null, 'anon cannot read anyone''s words');
reset role;
select tests.authenticate_as(:'admin');
select ok((select count(*) from app.owner_name_words where owner_id in (:'ada', :'bob')) > 0,
  'an admin who reads every file''s metadata reads every owner''s words');
select tests.clear_authentication();

-- Near-misses through the vocabulary.
select tests.authenticate_as(:'ada');
select is(pg_temp.names(api.search_files(q => 'budgte')), array['Budget_2024.xlsx'],
  'a misspelled word finds the files whose name has a near word');
select is((api.search_files(q => 'forcast')) -> 'items' -> 0 ->> 'match', 'fuzzy', 'after a rename, the new name''s words are near');
select is(pg_temp.names(api.search_files(q => 'photso')), '{}'::text[], 'a deleted file''s words are gone');
select is(pg_temp.names(api.search_files(q => 'budgte', type_group => 'pdf')), '{}'::text[],
  'near-misses honour the filters');
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is(pg_temp.names(api.search_files(q => 'budgte')), array['budget.txt'], 'another user''s near words find only their files');
select tests.clear_authentication();

select * from finish();
rollback;
