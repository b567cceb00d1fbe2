-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_near_words(owner uuid, t app.search_terms)
 RETURNS app.search_terms
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
 SET "pg_trgm.word_similarity_threshold" TO '0.4'
AS $function$
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
$function$;
grant execute on function app.search_near_words(owner uuid, t app.search_terms) to authenticated;
grant execute on function app.search_near_words(owner uuid, t app.search_terms) to service_role;
