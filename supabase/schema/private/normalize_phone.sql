-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.normalize_phone(raw text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case
    when cleaned ~ '^\+?254[17][0-9]{8}$' then '254' || right(cleaned, 9)
    when cleaned ~ '^0[17][0-9]{8}$' then '254' || right(cleaned, 9)
    when cleaned ~ '^[17][0-9]{8}$' then '254' || cleaned
  end
  from (select regexp_replace(coalesce(raw, ''), '[\s().-]', '', 'g') as cleaned) c
  where length(coalesce(raw, '')) <= 32
$function$;
comment on function private.normalize_phone(raw text) is 'A Kenyan mobile number as 254XXXXXXXXX, or null when it is not one.';
