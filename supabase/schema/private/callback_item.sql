-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.callback_item(metadata jsonb, item_name text)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select i -> 'Value'
  from jsonb_array_elements(case when jsonb_typeof(metadata -> 'Item') = 'array' then metadata -> 'Item' else '[]' end) i
  where i ->> 'Name' = item_name
  limit 1
$function$;
