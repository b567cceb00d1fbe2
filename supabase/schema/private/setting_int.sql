-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.setting_int(setting_key text, default_value integer)
 RETURNS integer
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  return coalesce(nullif(private.setting(setting_key), '')::integer, default_value);
exception
  when invalid_text_representation or numeric_value_out_of_range then
    return default_value;
end
$function$;
