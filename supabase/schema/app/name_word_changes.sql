-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.name_word_changes(owner uuid, search_vector tsvector, in_trash boolean, sign integer)
 RETURNS TABLE(owner_id uuid, word text, files integer, trashed integer)
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select owner, x, case when in_trash then 0 else sign end, case when in_trash then sign else 0 end
  from unnest(app.search_name_vocabulary(search_vector)) x
$function$;
