-- admin_logs' q on multi-word phrases: driven from the phrase's rarest word
-- through the words index when one is rare, the old trigram/time plan
-- otherwise, and the same matches either way: the whole phrase as a
-- substring, any case, in keyset pages that neither skip nor repeat.
begin;
select plan(18);

select tests.create_user('qw-root@example.com', 'Root') as root \gset
select tests.create_user('qw-ed@example.com', 'Ed') as ed \gset
insert into app.user_roles (user_id, role_id) select :'root', id from app.roles where name = 'superadmin';

delete from app.activity_log;
insert into app.activity_log (actor_id, action, target_type, target_id, meta, created_at) values
  (:'ed', 'file.upload', 'file', 'f-1', '{"name": "Budget 12345.pdf"}', '2026-11-01 10:00:00+00'),
  (:'ed', 'file.upload', 'file', 'f-2', '{"name": "budget 12346.pdf"}', '2026-11-01 11:00:00+00'),
  (:'ed', 'file.upload', 'file', 'f-3', '{"name": "12345 budget.pdf"}', '2026-11-01 12:00:00+00'),
  (:'ed', 'file.upload', 'file', 'f-4', '{"name": "budget 123456.pdf"}', '2026-11-01 13:00:00+00'),
  (:'root', 'file.rename', 'file', 'f-1', '{"from": "draft", "name": "midBudget 12345.pdfx"}', '2026-11-01 14:00:00+00'),
  (:'ed', 'file.upload', 'file', 'f-5', jsonb_build_object('name', 'budget 12345.pdf', 'note', repeat('long ', 30000)), '2026-11-01 15:00:00+00');
-- Seven events of one phrase, one of them twice in a microsecond, for paging.
insert into app.activity_log (actor_id, action, target_type, target_id, meta, created_at)
select :'ed', 'file.download', 'file', 'g-' || n, jsonb_build_object('name', 'Holiday Plan ' || (n % 2) || '.odt'),
  '2026-11-02 00:00:00+00'::timestamptz + (least(n, 4) || ' minutes')::interval
from generate_series(1, 7) n;

create function pg_temp.targets(page jsonb) returns text[] language sql as $$
  select coalesce(array_agg(i ->> 'target_id' order by n), '{}') from jsonb_array_elements(page -> 'items') with ordinality as t(i, n)
$$;
grant execute on function pg_temp.targets(jsonb) to authenticated;

-- Which word drives the scan
select is(private.activity_log_rare_word('budget 12345.pdf'), $$'12345' | '~'$$::tsquery,
  'an inner token of a phrase is a whole word and drives the scan');
select is(private.activity_log_rare_word('Budget 1234'), $$'1234':* | '~'$$::tsquery,
  'the last token after a separator is the start of a word (a prefix)');
select is(private.activity_log_rare_word('budget 12'), null, 'a prefix under 4 characters drives nothing');
select is(private.activity_log_rare_word('budget'), null, 'a single token can sit inside any word: the trigram plan');
select is(private.activity_log_rare_word(' "budget"'), $$'budget' | '~'$$::tsquery, 'a token with separators on both sides is a whole word');
select is(app.meta_words(jsonb_build_object('x', repeat('y ', 60000))), '~'::tsvector,
  'a meta too long to split indexes as the marker every word query accepts');

select tests.authenticate_as(:'root');
select is(pg_temp.targets(api.admin_logs(q => 'budget 12345.pdf')), array['f-5', 'f-1', 'f-1'],
  'q: the whole phrase, anywhere in meta (inside a longer word too), not its words in another order or a longer number');
select is(pg_temp.targets(api.admin_logs(q => 'BUDGET 12345.PDF')), array['f-5', 'f-1', 'f-1'], 'q ignores case');
select is(pg_temp.targets(api.admin_logs(q => 'dget 12345.pd')), array['f-5', 'f-1', 'f-1'],
  'the first and last tokens may be parts of words');
select is(pg_temp.targets(api.admin_logs(q => 'budget 1234')), array['f-5', 'f-1', 'f-4', 'f-2', 'f-1'],
  'a phrase ending in a word''s start matches every word it starts');
select is(pg_temp.targets(api.admin_logs(q => 'budget 12345.pdf', actor_id => :'ed')), array['f-5', 'f-1'],
  'q with another filter');
select is(pg_temp.targets(api.admin_logs(q => 'budget 99999')), '{}', 'a rare phrase nobody logged: nothing');

-- Pages with q: 7 rows in pages of 3, the two at the same microsecond split across pages, none skipped or repeated
select api.admin_logs(q => 'holiday plan', "limit" => 3) as p1 \gset
select api.admin_logs(q => 'holiday plan', "limit" => 3, before => :'p1'::jsonb ->> 'next') as p2 \gset
select api.admin_logs(q => 'holiday plan', "limit" => 3, before => :'p2'::jsonb ->> 'next') as p3 \gset
select is(pg_temp.targets(:'p1') || pg_temp.targets(:'p2') || pg_temp.targets(:'p3'),
  array['g-7', 'g-6', 'g-5', 'g-4', 'g-3', 'g-2', 'g-1'], 'q pages in keyset order, nothing skipped or repeated');
select is(:'p3'::jsonb -> 'next', 'null'::jsonb, 'the last page says there is no next');
select is(pg_temp.targets(api.admin_logs(q => 'holiday plan 1.odt')), array['g-7', 'g-5', 'g-3', 'g-1'],
  'a longer phrase narrows the same rows');
select tests.clear_authentication();

-- A common word does not drive the scan (by the index's statistics), and q still finds every row
insert into app.activity_log (actor_id, action, target_type, target_id, meta, created_at)
select :'ed', 'file.download', 'file', 'c-' || n, jsonb_build_object('name', 'annual report ' || n || '.pdf'),
  '2026-10-01 00:00:00+00'::timestamptz + (n || ' seconds')::interval
from generate_series(1, 3000) n;
analyze app.activity_log;
select is(private.activity_log_rare_word('annual report'), null, 'a common word''s prefix keeps the time-ordered plan');
select is(private.activity_log_rare_word('annual report 2999.pdf'), $$'2999' | '~'$$::tsquery,
  'a rare word among common ones drives the scan');
select tests.authenticate_as(:'root');
select is(pg_temp.targets(api.admin_logs(q => 'annual report 2999.pdf')), array['c-2999'], 'and finds its row');
select tests.clear_authentication();

select * from finish();
rollback;
