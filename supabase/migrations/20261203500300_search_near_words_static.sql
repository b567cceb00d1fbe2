/*
 * Search: one-edit near words without a second plan per search.
 *
 * 20261203500000 looked the one-edit words up with EXECUTE (a query planned
 * on every fuzzy search) inside one UNION with the trigram words: 0.4 ms
 * over the 0.4 ms the near words took before, on a drive of 20,000 files.
 * Now the trigram words are read as before, the one-edit words by a static
 * query whose plan lasts the session (its owner test cannot use the primary
 * key, so even its generic plan reads the deletion-key index), and the two
 * lists are merged in memory only when there are one-edit words: 0.1 ms over.
 *
 * The deletion-key index no longer takes a pending list (fastupdate off): a
 * GIN index's pending list is read in full by every search until a vacuum
 * merges it (a bulk load of 18,000 words left 14 ms per lookup), and the
 * vocabulary gets few new words (a count changing is a HOT update, not an
 * index entry).
 */

alter index app.owner_name_words_deletion_keys set (fastupdate = off);
select pg_catalog.gin_clean_pending_list('app.owner_name_words_deletion_keys'::regclass);

drop function app.search_one_edit_sql(uuid, text);

/*
 * The terms with the owner's near words filled in (a one-word query of
 * letters; others unchanged): the 50 words most like the query by trigrams
 * (word_similarity >= 0.4), with every word of 5 letters or more one edit
 * from it (from the deletion-key index; scored 1 - 1/length unless more
 * similar), 50 in all, most similar first.
 */
create or replace function app.search_near_words(owner uuid, t app.search_terms)
returns app.search_terms
language plpgsql
stable
set search_path = ''
set pg_trgm.word_similarity_threshold = 0.4
as $$
#variable_conflict use_variable
declare
  r app.search_terms := t;
  keys text[];
  edits text[];
begin
  if t.near and t.qn ~ '^[[:alpha:]]+$' then
    select coalesce(array_agg(s.word order by s.score desc, s.word), '{}'),
           coalesce(array_agg(s.score order by s.score desc, s.word), '{}')
      into r.near_words, r.near_scores
    from (select w.word, extensions.word_similarity(t.qn, w.word)::real as score
          from app.owner_name_words w
          where w.owner_id = owner and t.qn operator(extensions.<%) w.word
          order by 2 desc, w.word limit 50) s;
    if char_length(t.qn) >= 4 then
      keys := app.search_deletion_keys(owner, t.qn);
      select array_agg(w.word) into edits
      from app.owner_name_words w
      where (w.owner_id = owner) is true and char_length(w.word) >= 5
        and app.search_deletion_keys(w.owner_id, w.word) && keys
        and app.one_edit_apart(t.qn, w.word);
    end if;
    if edits is not null then
      select array_agg(m.word order by m.score desc, m.word), array_agg(m.score order by m.score desc, m.word)
        into r.near_words, r.near_scores
      from (select u.word, max(u.score) as score
            from (select e, greatest(extensions.word_similarity(t.qn, e),
                         1 - 1 / greatest(char_length(e), char_length(t.qn))::real)::real
                  from unnest(edits) e
                  union all
                  select * from unnest(r.near_words, r.near_scores)) u(word, score)
            group by u.word
            order by 2 desc, 1 limit 50) m;
    end if;
  end if;
  return r;
end
$$;
grant execute on function app.search_near_words(uuid, app.search_terms) to authenticated, service_role;
