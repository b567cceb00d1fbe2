-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create type app.search_terms as (
  qn text,
  esc text,
  code text,
  trigrams text[],
  words tsquery,
  names tsquery,
  qwords text[],
  near boolean,
  near_words text[],
  near_scores real[]
);

CREATE OR REPLACE FUNCTION app.search_terms(owner uuid, q text)
 RETURNS app.search_terms
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  qn text := app.search_text(q);
begin
  return row(qn, app.like_escape(qn), app.search_owner_code(owner), app.search_query_trigrams(owner, qn),
    app.search_owner_tsquery(owner, qn, 't'), app.search_owner_tsquery(owner, qn, 'n'), app.search_words(qn),
    char_length(qn) between 3 and 64 and qn ~ '[[:alnum:]]{3}', null, null)::app.search_terms;
end
$function$;
grant execute on function app.search_terms(owner uuid, q text) to authenticated;
grant execute on function app.search_terms(owner uuid, q text) to service_role;
