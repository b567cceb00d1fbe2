-- Search results carry each file's tags (id and name, by name), and they
-- follow every change to them: a tag added, removed, renamed, merged into
-- another or deleted, in the same transaction; on a tag filter's page too,
-- where each file shows all its tags, not only the one searched for. Nobody
-- sees another user's tags.
begin;
select plan(10);

select tests.create_user('itemtags-ada@example.com', 'Ada') as ada \gset
select tests.create_user('itemtags-bob@example.com', 'Bob') as bob \gset
insert into app.files (id, owner_id, name, mime_type, updated_at) values
  ('84000000-0000-4000-8000-000000000001', :'ada', 'ledger.txt', 'text/plain', '2024-01-03Z'),
  ('84000000-0000-4000-8000-000000000002', :'ada', 'ledger-old.txt', 'text/plain', '2024-01-02Z'),
  ('84000000-0000-4000-8000-000000000003', :'ada', 'ledger-draft.txt', 'text/plain', '2024-01-01Z'),
  ('84000000-0000-4000-8000-000000000004', :'bob', 'ledger.txt', 'text/plain', '2024-01-01Z');

/* Each result as 'name: tag, tag', by name. */
create function pg_temp.tagged(result jsonb) returns text[] language sql as $$
  select coalesce(array_agg(r order by r), '{}')
  from jsonb_array_elements(result -> 'items') i,
    lateral (select (i ->> 'name') || ':' || coalesce(' ' || string_agg(t ->> 'name', ', ' order by k), '') as r
             from jsonb_array_elements(i -> 'tags') with ordinality x(t, k)) l
$$;
grant execute on function pg_temp.tagged(jsonb) to authenticated;

select tests.authenticate_as(:'bob');
select from api.add_tags('84000000-0000-4000-8000-000000000004', array['audit']);
select tests.clear_authentication();

select tests.authenticate_as(:'ada');
select from api.add_tags('84000000-0000-4000-8000-000000000001', array['zeta', 'audit', 'tax']);
select from api.add_tags('84000000-0000-4000-8000-000000000003', array['audit']);
select (select t.id from app.tags t where t.owner_id = :'ada' and t.name = 'audit') as audit \gset
select (select t.id from app.tags t where t.owner_id = :'ada' and t.name = 'zeta') as zeta \gset
select (select t.id from app.tags t where t.owner_id = :'ada' and t.name = 'tax') as tax \gset

select is(pg_temp.tagged(api.search_files(q => 'ledger')),
  array['ledger-draft.txt: audit', 'ledger-old.txt:', 'ledger.txt: audit, tax, zeta'],
  'each result carries its own tags, by name; an untagged file an empty list');
select is((select array_agg(t ->> 'id' order by t ->> 'name') from jsonb_array_elements(api.search_files(q => 'ledger') -> 'items') i,
    jsonb_array_elements(i -> 'tags') t where i ->> 'id' = '84000000-0000-4000-8000-000000000001'),
  array[:'audit', :'tax', :'zeta'], 'each tag is named by the id of my tag, not by another user''s of the same name');
select is(pg_temp.tagged(api.search_files(tags => array['tax'])), array['ledger.txt: audit, tax, zeta'],
  'on a tag filter''s page each file shows all its tags, not only the one searched for');

select from api.remove_tag('84000000-0000-4000-8000-000000000001', :'zeta');
select is(pg_temp.tagged(api.search_files(q => 'ledger')),
  array['ledger-draft.txt: audit', 'ledger-old.txt:', 'ledger.txt: audit, tax'], 'a removed tag leaves the results at once');
select from api.add_tags('84000000-0000-4000-8000-000000000002', array['archive']);
select is(pg_temp.tagged(api.search_files(q => 'ledger')),
  array['ledger-draft.txt: audit', 'ledger-old.txt: archive', 'ledger.txt: audit, tax'], 'an added tag shows at once');
select from api.rename_tag(:'audit', 'books');
select is(pg_temp.tagged(api.search_files(q => 'ledger')),
  array['ledger-draft.txt: books', 'ledger-old.txt: archive', 'ledger.txt: books, tax'], 'a renamed tag shows its new name');
select from api.merge_tags(:'tax', :'audit');
select is(pg_temp.tagged(api.search_files(q => 'ledger')),
  array['ledger-draft.txt: books', 'ledger-old.txt: archive', 'ledger.txt: books'],
  'a tag merged into one the file already has leaves it once');
select from api.delete_tag(:'audit');
select is(pg_temp.tagged(api.search_files(q => 'ledger')),
  array['ledger-draft.txt:', 'ledger-old.txt: archive', 'ledger.txt:'], 'a deleted tag leaves every file');
select tests.clear_authentication();

select tests.authenticate_as(:'bob');
select is(pg_temp.tagged(api.search_files(q => 'ledger')), array['ledger.txt: audit'],
  'another user finds only their own file, with their own tag');
select is(pg_temp.tagged(api.search_files(tags => array['archive'])), '{}'::text[],
  'another user cannot find my files by my tag');
select tests.clear_authentication();

select * from finish();
rollback;
