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
begin
  if t.near and t.qn ~ '^[[:alpha:]]+$' then
    select coalesce(array_agg(s.word order by s.score desc, s.word), '{}'),
           coalesce(array_agg(s.score order by s.score desc, s.word), '{}')
      into r.near_words, r.near_scores
    from (select w.word, extensions.word_similarity(t.qn, w.word)::real as score
          from app.owner_name_words w
          where w.owner_id = owner and t.qn operator(extensions.<%) w.word
          order by 2 desc, w.word limit 50) s;
  end if;
  return r;
end
$function$;
grant execute on function app.search_near_words(owner uuid, t app.search_terms) to authenticated;
grant execute on function app.search_near_words(owner uuid, t app.search_terms) to service_role;
