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
$function$;
grant execute on function app.search_near_words(owner uuid, t app.search_terms) to authenticated;
grant execute on function app.search_near_words(owner uuid, t app.search_terms) to service_role;
