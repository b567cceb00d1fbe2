-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.refresh_file_search(file_ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  perform set_config('search.refreshing', 'on', true);
  update app.files f
  set tag_ids = coalesce((select array_agg(ft.tag_id order by ft.tag_id) from app.file_tags ft where ft.file_id = f.id), '{}'),
      search_vector = ''::tsvector -- recomputed by files_tsvector
  where f.id = any(file_ids);
  perform set_config('search.refreshing', 'off', true);
end
$function$;
