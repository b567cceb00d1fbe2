-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.one_edit_apart(a text, b text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select a <> b and (
    extensions.levenshtein_less_equal(a, b, 1) <= 1
    or (char_length(a) = char_length(b) and exists (
      select from generate_series(1, char_length(a) - 1) i
      where substr(a, i, 1) <> substr(a, i + 1, 1)
        and overlay(a placing substr(a, i + 1, 1) || substr(a, i, 1) from i for 2) = b)))
$function$;
grant execute on function app.one_edit_apart(a text, b text) to authenticated;
grant execute on function app.one_edit_apart(a text, b text) to service_role;
