-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_highlights(names text[], q text)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  qn text := app.search_text(q);
  qwords text[] := app.search_words(qn);
begin
  if qn = '' then
    return coalesce((select jsonb_object_agg(u.name, '[]'::jsonb) from (select distinct name from unnest(names) n(name)
      where name is not null) u), '{}');
  end if;
  return coalesce((
    select jsonb_object_agg(l.name, coalesce(
      case when strpos(l.lname, qn) > 0 then
        jsonb_build_array(jsonb_build_object('start', strpos(l.lname, qn) - 1, 'length', char_length(qn))) end,
      (select jsonb_agg(jsonb_build_object('start', p - 1, 'length', char_length(w)) order by p)
       from unnest(qwords) w, lateral (select strpos(l.lname, w) as p) s where p > 0),
      (select jsonb_build_array(jsonb_build_object('start', strpos(l.lname, w) - 1, 'length', char_length(w)))
       from unnest(string_to_array(app.name_words(l.lname), ' ')) w
       where w <> '' and strpos(l.lname, w) > 0
       order by extensions.similarity(w, qn) desc
       limit 1),
      '[]'::jsonb))
    from (select distinct n.name, lower(app.fold(n.name)) as lname from unnest(names) n(name) where n.name is not null) l), '{}');
end
$function$;
grant execute on function app.search_highlights(names text[], q text) to authenticated;
grant execute on function app.search_highlights(names text[], q text) to service_role;
