-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_highlight(name text, q text)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  with n as (select lower(app.fold(name)) as lname, app.search_text(q) as qn),
  whole as (
    select jsonb_build_array(jsonb_build_object('start', strpos(lname, qn) - 1, 'length', char_length(qn))) as h
    from n where qn <> '' and strpos(lname, qn) > 0
  ),
  words as (
    select jsonb_agg(jsonb_build_object('start', p - 1, 'length', char_length(w)) order by p) as h
    from n, unnest(app.search_words(qn)) w, lateral (select strpos(lname, w) as p) s
    where p > 0
  ),
  near as (
    select jsonb_build_array(jsonb_build_object('start', strpos(lname, w) - 1, 'length', char_length(w))) as h
    from n, unnest(string_to_array(app.name_words(lname), ' ')) w
    where w <> '' and strpos(lname, w) > 0 and qn <> ''
    order by extensions.similarity(w, qn) desc
    limit 1
  )
  select coalesce((select h from whole), (select h from words), (select h from near), '[]'::jsonb)
$function$;
grant execute on function app.search_highlight(name text, q text) to authenticated;
grant execute on function app.search_highlight(name text, q text) to service_role;
