-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.file_tags_refresh()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if tg_op = 'INSERT' then
    perform app.refresh_file_search(array(select distinct file_id from new_links));
  else
    perform app.refresh_file_search(array(select distinct file_id from old_links));
  end if;
  return null;
end
$function$;
