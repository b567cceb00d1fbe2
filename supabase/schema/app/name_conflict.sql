-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.name_conflict(item_name text, is_folder boolean)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  raise exception using errcode = 'PT409',
    message = format('A %s named "%s" already exists in this folder.', case when is_folder then 'folder' else 'file' end, item_name);
end
$function$;
