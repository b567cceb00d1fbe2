-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.meta_words(meta jsonb)
 RETURNS tsvector
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE STRICT COST 1000
 SET search_path TO ''
AS $function$
declare
  t text := lower(meta::text);
begin
  if length(t) > 100000 then
    return '~'::tsvector;
  end if;
  return array_to_tsvector(array(
    select left(w, 64) from regexp_split_to_table(t, '[^[:alnum:]]+') w where w <> ''
  ));
end
$function$;
grant execute on function app.meta_words(meta jsonb) to authenticated;
grant execute on function app.meta_words(meta jsonb) to service_role;
comment on function app.meta_words(meta jsonb) is 'The words of an activity row''s meta (lower-cased runs of letters and digits), for the words index.';
