-- search_files past 1000 matches: the page comes bucket by bucket (walking
-- the owner's newest files or through the GIN indexes), and paging to the
-- end with the cursor gives every match once, in the same order as ranking
-- all of them at once would.
begin;
select plan(18);

select tests.create_user('search-many@example.com', 'Many') as me \gset
select tests.create_user('search-other@example.com', 'Other') as other \gset

-- Matches for 'lark' in every bucket, newest dates mixed across them, and files that do not match.
insert into app.files (owner_id, name, mime_type, description, updated_at, trashed_at)
select :'me', name, mime, description, timestamptz '2025-01-01' - (i * 7919 % 1500) * interval '1 hour',
       case when i % 97 = 0 then timestamptz '2025-02-01' end
from (
  select i,
    case
      when i <= 3 then 'lark' || (array['.txt', '.md', '.pdf'])[i]
      when i <= 300 then 'lark_notes_' || i || '.txt'
      when i <= 600 then 'skyLark_' || i || '.png'
      when i <= 1000 then 'clarkson_' || i || '.docx'
      when i <= 1300 then 'garden_' || i || '.jpg'
      else 'unrelated_' || i || '.bin'
    end as name,
    case when i <= 600 then 'text/plain' when i <= 1000 then 'application/pdf' else 'image/jpeg' end as mime,
    case when i > 1000 and i <= 1300 then 'Larkspur in the garden' end as description
  from generate_series(1, 1500) i
) f;
insert into app.files (owner_id, name, mime_type, updated_at)
select :'other', 'lark_notes_' || i || '.txt', 'text/plain', now() from generate_series(1, 50) i;
-- Near-misses: 1100 names a misspelling is near to, and nothing it matches exactly.
insert into app.files (owner_id, name, mime_type, updated_at)
select :'me', 'quarterly_report_' || i || '.pdf', 'application/pdf', timestamptz '2024-06-01' - (i * 613 % 900) * interval '1 hour'
from generate_series(1, 1100) i;
-- A tag on 1,200 of them.
insert into app.tags (owner_id, name) values (:'me', 'bulk');
insert into app.file_tags (file_id, tag_id, owner_id)
select f.id, (select id from app.tags where owner_id = :'me' and name = 'bulk'), :'me'
from app.files f where f.owner_id = :'me' and f.name not like 'unrelated%' order by f.id limit 1200;
analyze app.files;

/* Every page of a search, to the end: [{id, rank, score}] in order. */
create function pg_temp.all_pages(q text, type_group text default null, page_size integer default 97,
  tags text[] default null) returns jsonb
language plpgsql as $$
declare
  page jsonb;
  after text;
  items jsonb := '[]';
begin
  loop
    page := api.search_files(q => q, tags => tags, type_group => type_group, after => after, page_size => page_size);
    items := items || coalesce((select jsonb_agg(jsonb_build_object('id', i -> 'id', 'rank', i -> 'rank', 'score', i -> 'score') order by n)
      from jsonb_array_elements(page -> 'items') with ordinality e(i, n)), '[]');
    after := page ->> 'next_cursor';
    exit when after is null;
  end loop;
  return items;
end
$$;
grant execute on function pg_temp.all_pages(text, text, integer, text[]) to authenticated;

/* Every exact match of `q` of the caller's, ranked at once by the documented rules (no search code involved). */
create function pg_temp.ranked(owner uuid, q text, type_group text default null) returns jsonb language sql as $$
  select jsonb_agg(jsonb_build_object('id', id, 'rank', bucket, 'score', 0) order by bucket, updated_at desc, id desc)
  from (
    select f.id, f.updated_at,
      case when lower(f.name) = q or lower(f.name) like q || '.%' then 0
           when lower(f.name) like q || '%' then 1
           when exists (select from unnest(string_to_array(app.name_words(f.name), ' ')) w where w like q || '%') then 2
           when f.name ilike '%' || q || '%' then 3
           else 4 end as bucket
    from app.files f
    where f.owner_id = $1 and f.trashed_at is null and ($3 is null or f.type_group = $3)
      and (f.name ilike '%' || q || '%' or f.description ilike '%' || q || '%')
  ) r
$$;
grant execute on function pg_temp.ranked(uuid, text, text) to authenticated;

select tests.authenticate_as(:'me');
select is((api.search_files(q => 'lark', page_size => 5)) -> 'total_is_exact', 'false'::jsonb,
  'more than 1000 files match');
select pg_temp.all_pages('lark') as paged \gset
select is(jsonb_array_length(:'paged'), jsonb_array_length(pg_temp.ranked(:'me', 'lark')),
  'paging to the end gives as many files as match');
select is(:'paged'::jsonb, pg_temp.ranked(:'me', 'lark'),
  'paging to the end gives every match once, ranked as all of them at once');
select is((select count(distinct r ->> 'rank') from jsonb_array_elements(:'paged'::jsonb) r), 5::bigint,
  'the matches fill all five exact ranks');
select is(pg_temp.all_pages('lark', page_size => 200), :'paged'::jsonb, 'the page size does not change the order');
select is(pg_temp.all_pages('lark', 'document'), pg_temp.ranked(:'me', 'lark', 'document'),
  'a type filter pages the same way');
-- A three-letter substring with few candidates collects all its matches at once; else the first 1001, then buckets.
select is(pg_temp.all_pages('lar'), pg_temp.ranked(:'me', 'lar'),
  'a three-letter substring past 1000 matches, collected at once, pages every match once, ranked');
set local search.collect_all_below = 0;
select is(pg_temp.all_pages('lar'), pg_temp.ranked(:'me', 'lar'),
  'collected up to 1001, then bucket by bucket, the same pages');
reset search.collect_all_below;

-- A walk that gives up early leaves the older files to the GIN indexes: same rows either way.
select app.search_terms(:'me', 'lark') as terms, app.search_filters(:'me', null, null, null, null, null, null, null, null, true, false) as filters \gset
select is(app.search_bucket_rows(:'me', :'terms', false, :'filters', 1, 37, null, 120),
          app.search_bucket_rows(:'me', :'terms', false, :'filters', 1, 0, null, 120),
  'name prefixes: a short walk and the prefix index give the same page');
select is(app.search_bucket_rows(:'me', :'terms', false, :'filters', 2, 37, null, 120),
          app.search_bucket_rows(:'me', :'terms', false, :'filters', 2, 0, null, 120),
  'name words: a short walk and the word keys give the same page');
select is(app.search_bucket_rows(:'me', :'terms', false, :'filters', 3, 37, null, 120),
          app.search_bucket_rows(:'me', :'terms', false, :'filters', 3, 0, null, 120),
  'name substrings: a short walk and the trigram keys give the same page');
select is(app.search_bucket_rows(:'me', :'terms', false, :'filters', 4, 37, null, 120),
          app.search_bucket_rows(:'me', :'terms', false, :'filters', 4, 0, null, 120),
  'other words: a short walk and the word keys give the same page');
select is(app.search_bucket_rows(:'me', :'terms', false, :'filters', 3, 37,
            jsonb_build_array(3, 0, (select max(updated_at) from app.files where owner_id = :'me' and name like 'clarkson%') - interval '1 day',
              'ffffffff-ffff-4fff-bfff-ffffffffffff', false), 120),
          app.search_bucket_rows(:'me', :'terms', false, :'filters', 3, 0,
            jsonb_build_array(3, 0, (select max(updated_at) from app.files where owner_id = :'me' and name like 'clarkson%') - interval '1 day',
              'ffffffff-ffff-4fff-bfff-ffffffffffff', false), 120),
  'after a cursor too');

-- More than 1000 files with a tag, no query: newest first, to the end, walking or through the tag index.
select is(pg_temp.all_pages('', tags => array['bulk']), (
  select jsonb_agg(jsonb_build_object('id', f.id, 'rank', 0, 'score', 0) order by f.updated_at desc, f.id desc)
  from app.files f join app.file_tags ft on ft.file_id = f.id join app.tags t on t.id = ft.tag_id
  where f.owner_id = :'me' and t.name = 'bulk' and f.trashed_at is null),
  'paging a tag filter past 1000 files gives each once, newest first');
select app.search_terms(:'me', '') as none,
  app.search_filters(:'me', array[(select id from app.tags where owner_id = :'me' and name = 'bulk')],
    null, null, null, null, null, null, null, true, false) as tagged \gset
select is(app.search_bucket_rows(:'me', :'none', false, :'tagged', 0, 37, null, 120),
          app.search_bucket_rows(:'me', :'none', false, :'tagged', 0, 0, null, 120),
  'a tag filter: a short walk and the tag index give the same page');
select is(app.search_bucket_rows(:'me', :'none', false, :'tagged', 0, 37,
            jsonb_build_array(0, 0, timestamptz '2024-12-20', 'ffffffff-ffff-4fff-bfff-ffffffffffff', false), 120),
          app.search_bucket_rows(:'me', :'none', false, :'tagged', 0, 0,
            jsonb_build_array(0, 0, timestamptz '2024-12-20', 'ffffffff-ffff-4fff-bfff-ffffffffffff', false), 120),
  'a tag filter after a cursor too');

-- More than 1000 near-misses: ranked by similarity, then most recent, to the end.
select pg_temp.all_pages('quartrly') as near \gset
select is(jsonb_array_length(:'near'), 1100, 'paging through more than 1000 near-misses gives each once');
select is(:'near'::jsonb, (
  select jsonb_agg(jsonb_build_object('id', id, 'rank', 5, 'score', s) order by s desc, updated_at desc, id desc)
  -- Every name has "quarterly", one edit from the query: it scores 1 - 1/9 unless its similarity is higher.
  from (select id, updated_at, greatest(extensions.word_similarity('quartrly', name), 1 - 1 / 9::real)::real as s from app.files
        where owner_id = :'me' and trashed_at is null and extensions.word_similarity('quartrly', name) >= 0.4) r),
  'near-misses come most similar first, then most recent');

select * from finish();
rollback;
