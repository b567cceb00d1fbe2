-- The name-word counts change once per statement, in (owner, word) order
-- (app.apply_name_word_changes): a statement trashing, restoring, renaming or moving many
-- files at once keeps the counts exact, and the update trigger runs per
-- statement, so two statements lock shared words in the same order.
begin;
select plan(7);

select tests.create_user('order-ada@example.com', 'Ada') as ada \gset
select tests.create_user('order-bob@example.com', 'Bob') as bob \gset

insert into app.files (owner_id, name, mime_type)
select :'ada', (array['alpha beta', 'gamma delta', 'beta gamma', 'delta alpha'])[1 + i % 4] || ' ' || i || '.txt', 'text/plain'
from generate_series(1, 40) i;

update app.files set trashed_at = now() where owner_id = :'ada' and name like '%gamma%';
select is(tests.name_word_counts(:'ada'), tests.name_word_recount(:'ada'), 'trashing many files in one statement keeps the counts exact');

update app.files set trashed_at = null where owner_id = :'ada' and name like 'beta%';
select is(tests.name_word_counts(:'ada'), tests.name_word_recount(:'ada'), 'restoring many files in one statement too');

update app.files set name = replace(replace(name, 'alpha', 'omega'), 'delta', 'alpha') where owner_id = :'ada';
select is(tests.name_word_counts(:'ada'), tests.name_word_recount(:'ada'), 'renaming many files with crossing words in one statement too');
select is(tests.name_word_counts(:'ada') -> 'omega', tests.name_word_recount(:'ada') -> 'omega', 'the new word is counted');

update app.files set owner_id = :'bob' where owner_id = :'ada' and name like '%beta%';
select is(tests.name_word_counts(:'bob'), tests.name_word_recount(:'bob'), 'files given to another owner are counted for them');
select is(tests.name_word_counts(:'ada'), tests.name_word_recount(:'ada'), 'and no longer for their old owner');

select ok(
  (select tgtype::integer & 1 = 0 from pg_trigger where tgname = 'files_name_words_update' and tgrelid = 'app.files'::regclass),
  'the update trigger runs per statement, not per row'
);

select * from finish();
rollback;
