-- Every one-edit typo of a name word of 5 letters or more finds the file:
-- each deletion, adjacent swap, substitution (a-z) and insertion (a-z) of
-- every such word of a handful of generated names, searched as its owner.
-- The candidates come from the deletion-key index of the owner's vocabulary,
-- and are checked to be exactly one edit away.
begin;
select plan(16);

select tests.create_user('typos-ada@example.com', 'Ada') as ada \gset
select tests.create_user('typos-bob@example.com', 'Bob') as bob \gset

insert into app.files (owner_id, name, mime_type, updated_at) values
  (:'ada', 'Budget_2024.xlsx', 'application/vnd.ms-excel', '2024-01-01Z'),
  (:'ada', 'receipts-march.pdf', 'application/pdf', '2024-02-01Z'),
  (:'ada', 'sunset.png', 'image/png', '2024-03-01Z'),
  (:'ada', 'holidayPhotos.zip', 'application/zip', '2024-04-01Z'),
  (:'ada', 'quarterly report.docx', 'application/msword', '2024-05-01Z'),
  (:'ada', 'meeting-notes.md', 'text/markdown', '2024-06-01Z'),
  (:'ada', 'Résumé.pdf', 'application/pdf', '2024-07-01Z'),
  (:'ada', 'cat.jpg', 'image/jpeg', '2024-08-01Z'),
  (:'bob', 'invoice.pdf', 'application/pdf', '2024-01-01Z');

/* Every word of 5 letters or more of Ada's names (as search folds them), with the file it is in. */
create temporary table words on commit drop as
  select distinct w as word, f.id as file_id, f.name
  from app.files f, unnest(string_to_array(lower(app.fold(app.name_words(f.name))), ' ')) w
  where f.owner_id = :'ada' and w ~ '^[a-z]{5,}$';

/* Every one-edit typo of each word, by kind; the word itself excluded. */
create temporary table typos on commit drop as
  select distinct kind, word, file_id, name, typo from (
    select 'deletion' as kind, w.*, overlay(w.word placing '' from i for 1) as typo
    from words w, generate_series(1, char_length(w.word)) i
    union all
    select 'swap', w.*, overlay(w.word placing substr(w.word, i + 1, 1) || substr(w.word, i, 1) from i for 2)
    from words w, generate_series(1, char_length(w.word) - 1) i
    union all
    select 'substitution', w.*, overlay(w.word placing chr(c) from i for 1)
    from words w, generate_series(1, char_length(w.word)) i, generate_series(ascii('a'), ascii('z')) c
    union all
    select 'insertion', w.*, overlay(w.word placing chr(c) from i for 0)
    from words w, generate_series(1, char_length(w.word) + 1) i, generate_series(ascii('a'), ascii('z')) c
  ) t
  where typo <> word;
grant select on words, typos to authenticated;

select is((select array_agg(word order by word) from words),
  array['budget', 'holiday', 'march', 'meeting', 'notes', 'photos', 'quarterly', 'receipts', 'report', 'resume', 'sunset'],
  'the generated names hold eleven words of 5 letters or more (camelCase and accents included)');
select cmp_ok((select count(*) from typos), '>', 3500::bigint, 'thousands of distinct one-edit typos of them are searched');

-- Each typo, searched as Ada: the typo's file must be among the results. The failures are listed.
select tests.authenticate_as(:'ada');
create temporary table missed on commit drop as
  select t.kind, t.typo, t.name
  from typos t
  where not exists (
    select from jsonb_array_elements(api.search_files(q => t.typo, page_size => 50) -> 'items') i
    where (i ->> 'id')::uuid = t.file_id);
select tests.clear_authentication();

select is((select array_agg(typo || ' -> ' || name order by typo) from missed where kind = 'deletion'), null,
  'every deletion of a letter of a word finds its file ("budet", "sunst")');
select is((select array_agg(typo || ' -> ' || name order by typo) from missed where kind = 'swap'), null,
  'every swap of two adjacent letters finds its file ("bduget", "sunest")');
select is((select array_agg(typo || ' -> ' || name order by typo) from missed where kind = 'substitution'), null,
  'every substitution of a letter finds its file ("budgzt", "xunset")');
select is((select array_agg(typo || ' -> ' || name order by typo) from missed where kind = 'insertion'), null,
  'every inserted letter finds its file ("budgext", "sunsett")');

-- How one-edit words rank, and what stays out.
select tests.authenticate_as(:'ada');
select is(api.search_files(q => 'bduget') -> 'items' -> 0 ->> 'name', 'Budget_2024.xlsx',
  'a swap near the start of a word, far by trigrams, finds the file first');
select is((api.search_files(q => 'bduget') -> 'items' -> 0 ->> 'score')::real, (1 - 1 / 6::real)::real,
  'a one-edit word scores 1 - 1/length (0.83 for budget)');
select is(api.search_files(q => 'receits') -> 'items' -> 0 ->> 'match', 'fuzzy', 'a typo is a near-miss (rank 5)');
select is(jsonb_array_length(api.search_files(q => 'bdugte') -> 'items'), 0,
  'two edits ("bdugte") are not one: nothing near');
select is(jsonb_array_length(api.search_files(q => 'cst') -> 'items'), 0,
  'words under 5 letters are left out of the rule ("cst" for cat)');
select is(jsonb_array_length(api.search_files(q => 'invoce') -> 'items'), 0, 'another user''s words are never near');
select tests.clear_authentication();

select ok(app.one_edit_apart('budget', 'bugdet') and app.one_edit_apart('budget', 'budgt')
  and app.one_edit_apart('budget', 'budgeet') and app.one_edit_apart('budget', 'budgxt'),
  'one_edit_apart: a swap, a deletion, an insertion and a substitution are one edit');
select ok(not app.one_edit_apart('abxy', 'abyz') and not app.one_edit_apart('budget', 'budget')
  and not app.one_edit_apart('budget', 'tegdub'),
  'one_edit_apart: strings sharing a deletion key two edits apart, the same word and a reversal are not');

-- The candidates come from the index: the query of app.search_near_words, in the generic plan a session
-- keeps for it, on a vocabulary too small to need the index (so it must be the only way the planner has).
set local plan_cache_mode = force_generic_plan;
prepare one_edit(uuid, text[], text) as
  select array_agg(w.word) from app.owner_name_words w
  where (w.owner_id = $1) is true and char_length(w.word) >= 5
    and app.search_deletion_keys(w.owner_id, w.word) && $2 and app.one_edit_apart($3, w.word);
create function pg_temp.plan_of(query text) returns text language plpgsql as $$
declare
  plan json;
begin
  execute 'explain (format json) ' || query into plan;
  return plan::text;
end
$$;
select ok(pg_temp.plan_of(format('execute one_edit(%L, %L, %L)', :'ada', app.search_deletion_keys(:'ada', 'budgt'), 'budgt'))
    like '%owner_name_words_deletion_keys%',
  'one-edit words are looked up through the deletion-key index, never the owner''s whole vocabulary');
reset plan_cache_mode;
select is(cardinality(app.search_deletion_keys(:'ada', 'budget')), 7,
  'a word of n letters has n + 1 deletion keys');

select * from finish();
rollback;
