-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.files_name_words_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  perform app.apply_name_word_changes(array_agg(c.owner_id), array_agg(c.word), array_agg(c.files), array_agg(c.trashed))
  from added a, app.name_word_changes(a.owner_id, a.search_vector, a.trashed_at is not null, 1) c;
  return null;
end
$function$;
