-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_one_edit_sql(owner uuid, qn text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case when char_length(qn) >= 4 then format(
    'select coalesce(array_agg(w.word order by w.word), ''{}'') from app.owner_name_words w '
    'where (w.owner_id = %L::uuid) is true and char_length(w.word) >= 5 '
    'and app.search_deletion_keys(w.owner_id, w.word) && %L::text[] and app.one_edit_apart(%L, w.word)',
    owner, app.search_deletion_keys(owner, qn), qn) end
$function$;
grant execute on function app.search_one_edit_sql(owner uuid, qn text) to authenticated;
grant execute on function app.search_one_edit_sql(owner uuid, qn text) to service_role;
