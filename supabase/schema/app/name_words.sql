-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.name_words(name text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select btrim(lower(regexp_replace(
    regexp_replace(
      regexp_replace(coalesce(name, ''), '([[:lower:][:digit:]])([[:upper:]])', '\1 \2', 'g'),
      '([[:upper:]])([[:upper:]][[:lower:]])', '\1 \2', 'g'),
    '[^[:alnum:]]+', ' ', 'g')))
$function$;
grant execute on function app.name_words(name text) to authenticated;
grant execute on function app.name_words(name text) to service_role;
