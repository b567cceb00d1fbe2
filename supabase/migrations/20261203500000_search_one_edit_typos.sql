/*
 * Search: every one-edit typo of a name word finds its files.
 *
 * Near-misses of a one-word query come from the owner's vocabulary of name
 * words (app.owner_name_words): until now, only the 50 words most like the
 * query by trigrams (word_similarity >= 0.4). Trigrams forgive an edit in the
 * middle of a long word ("receits" -> receipts, 0.63), but not one near the
 * start of a short word: "bduget" shares 3 of its 7 trigrams with budget
 * (0.27), "sunest" 0.33 with sunset.
 *
 * So the near words now also hold every vocabulary word of 5 letters or more
 * one edit away from the query: an insertion, a deletion, a substitution or a
 * swap of two adjacent letters (Damerau's four). The candidates come from an
 * index, as a symmetric deletion neighbourhood (SymSpell's): a word's keys
 * are the word and the word with one letter deleted, and a query's the same.
 * Two strings one edit apart share a key:
 *   deletion      the query is a key of the word ("budet": budget less "g"),
 *   insertion     the word is a key of the query ("budgeet" less an "e"),
 *   substitution  both less the changed letter ("budgst", budget: "budgt"),
 *   swap          each less one of the swapped letters ("bugdet" less "g",
 *                 budget less "g": "budet").
 * The keys start with the owner's code (app.search_owner_code), as the files'
 * keys do, so the GIN index reads only the owner's posting lists: a word of n
 * letters has n + 1 keys, a query of 64 letters at most 65. Sharing a key
 * also happens two edits apart ("abxy" and "abyz" share "aby"), so each
 * candidate is checked exactly (app.one_edit_apart, with fuzzystrmatch's
 * bounded levenshtein_less_equal) before it is used.
 *
 * A one-edit word scores 1 - 1/n (n its length, or the query's if longer;
 * 0.83 for budget) unless its trigram similarity is higher: it ranks among
 * the near-misses as the likelier meaning, ahead of words that only share
 * trigrams. The 50-word cap stays; one-edit words come first in it.
 */

-- levenshtein_less_equal; in the embedded build and on hosted Supabase.
create extension if not exists fuzzystrmatch with schema extensions;

/*
 * The owner's deletion keys of a word: the word and each string made by
 * deleting one of its characters, each prefixed with the owner's code.
 */
create function app.search_deletion_keys(owner uuid, word text)
returns text[]
language sql
immutable
parallel safe
set search_path = ''
as $$
  select array(
    select distinct app.search_owner_code(owner) || k
    from (select word as k
          union all
          select overlay(word placing '' from i for 1) from generate_series(1, char_length(word)) i) keys
    order by 1)
$$;
grant execute on function app.search_deletion_keys(uuid, text) to authenticated, service_role;

/*
 * Are a and b one edit apart: one character inserted, deleted or replaced,
 * or two adjacent characters swapped?
 */
create function app.one_edit_apart(a text, b text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select a <> b and (
    extensions.levenshtein_less_equal(a, b, 1) <= 1
    or (char_length(a) = char_length(b) and exists (
      select from generate_series(1, char_length(a) - 1) i
      where substr(a, i, 1) <> substr(a, i + 1, 1)
        and overlay(a placing substr(a, i + 1, 1) || substr(a, i, 1) from i for 2) = b)))
$$;
grant execute on function app.one_edit_apart(text, text) to authenticated, service_role;

-- The vocabulary words of 5 letters or more by their deletion keys. Partial, for words the rule covers: a shorter
-- word one edit from a query is usually another word ("cat", "car").
create index owner_name_words_deletion_keys on app.owner_name_words
  using gin (app.search_deletion_keys(owner_id, word)) where char_length(word) >= 5;

/*
 * The query, as SQL text with its values as literals, for the owner's words
 * of 5 letters or more one edit from qn (a query of 4 letters or more), or
 * null for a shorter one. The owner test is written so that the planner
 * checks it on each candidate instead of reading the owner's whole
 * vocabulary through the primary key and computing every word's keys (the
 * keys start with the owner's code already); the literals let it see the
 * real keys. app.search_near_words runs it; the pgTAP test 37 EXPLAINs it.
 */
create function app.search_one_edit_sql(owner uuid, qn text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when char_length(qn) >= 4 then format(
    'select coalesce(array_agg(w.word order by w.word), ''{}'') from app.owner_name_words w '
    'where (w.owner_id = %L::uuid) is true and char_length(w.word) >= 5 '
    'and app.search_deletion_keys(w.owner_id, w.word) && %L::text[] and app.one_edit_apart(%L, w.word)',
    owner, app.search_deletion_keys(owner, qn), qn) end
$$;
grant execute on function app.search_one_edit_sql(uuid, text) to authenticated, service_role;

/*
 * The terms with the owner's near words filled in (a one-word query of
 * letters; others unchanged): every word of 5 letters or more one edit from
 * the query (app.search_one_edit_sql), then the words most like it by
 * trigrams (word_similarity >= 0.4), 50 in all, most similar first.
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
  one_edit text;
  edits text[] := '{}';
begin
  if t.near and t.qn ~ '^[[:alpha:]]+$' then
    one_edit := app.search_one_edit_sql(owner, t.qn);
    if one_edit is not null then
      execute one_edit into edits;
    end if;
    select coalesce(array_agg(s.word order by s.score desc, s.word), '{}'),
           coalesce(array_agg(s.score order by s.score desc, s.word), '{}')
      into r.near_words, r.near_scores
    from (
      select n.word, max(n.score) as score
      from (
        select e.word,
               greatest(extensions.word_similarity(t.qn, e.word),
                 1 - 1 / greatest(char_length(e.word), char_length(t.qn))::real)::real as score
        from unnest(edits) e(word)
        union all
        (select w.word, extensions.word_similarity(t.qn, w.word)::real
         from app.owner_name_words w
         where w.owner_id = owner and t.qn operator(extensions.<%) w.word
         order by 2 desc, w.word limit 50)
      ) n
      group by n.word
      order by 2 desc, n.word
      limit 50) s;
  end if;
  return r;
end
$$;
grant execute on function app.search_near_words(uuid, app.search_terms) to authenticated, service_role;
