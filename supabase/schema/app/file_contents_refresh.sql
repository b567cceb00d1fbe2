-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.file_contents_refresh()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if tg_op = 'DELETE' then
    perform app.refresh_file_search(array[old.file_id]);
  else
    perform app.refresh_file_search(array[new.file_id]);
  end if;
  return null;
end
$function$;
