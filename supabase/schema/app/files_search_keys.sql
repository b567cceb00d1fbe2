-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.files_search_keys()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  new.search_trigrams := app.search_name_trigrams(new.owner_id, new.name);
  new.search_words := app.search_word_keys(new.owner_id, new.search_vector);
  return new;
end
$function$;
