-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.is_json_container(value text)
 RETURNS boolean
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
  if value is null or value !~ '^\s*[\[{]' then
    return false;
  end if;
  return jsonb_typeof(value::jsonb) in ('object', 'array');
exception
  when others then
    return false;
end
$function$;
