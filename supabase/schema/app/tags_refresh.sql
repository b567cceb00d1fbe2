-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.tags_refresh()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  perform app.refresh_file_search(array(
    select ft.file_id from app.file_tags ft where ft.tag_id in (select n.id from renamed n)));
  return null;
end
$function$;
