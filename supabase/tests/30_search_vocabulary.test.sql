-- Search vocabulary: MIME types map to type groups through one table, and
-- names split into the words a person would type.
begin;
select plan(15);

select has_table('app', 'mime_type_groups', 'the MIME type groups live in one table');
select is(app.type_group_of('image/png'), 'image', 'a family row maps every image type');
select is(app.type_group_of('application/pdf'), 'pdf', 'PDF is its own group');
select is(app.type_group_of('Text/Markdown; charset=utf-8'), 'document', 'parameters and case do not change the group');
select is(app.type_group_of('text/x-python'), 'code', 'an exact row wins over its family row');
select is(app.type_group_of('application/x-unknown'), 'other', 'an unknown type is other');
select is(app.type_group_of(null), 'other', 'no type is other');
select ok(app.type_has_text('text/csv') and app.type_has_text('application/json') and not app.type_has_text('image/png'),
  'text-like types are marked for content search');

select is(app.name_words('Quarterly_report-2023.04.pdf'), 'quarterly report 2023 04 pdf', 'names split on underscores, dashes and dots');
select is(app.name_words('meetingNotes v2'), 'meeting notes v2', 'names split on camelCase');
select is(app.name_words('XMLParserTest.java'), 'xml parser test java', 'an acronym before a word stays one word');
select is(app.search_words('Report report, (budget)!!'), array['report', 'budget'], 'search words are de-duplicated and stripped of punctuation');
select is(cardinality(app.search_words((select string_agg('w' || i, ' ') from generate_series(1, 40) i))), 16, 'a long query keeps at most 16 words');
select is(cardinality(app.search_words(repeat('x', 10000))), 1, 'a 10,000-character query is one (truncated) word');

select tests.authenticate_as_role('anon');
select ok((select count(*) from api.type_groups) > 10, 'anyone can read the type groups');
select tests.clear_authentication();

select * from finish();
rollback;
