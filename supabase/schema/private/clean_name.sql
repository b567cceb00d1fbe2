-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.clean_name(name text)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
  if name is not null and length(name) > 100 then
    raise exception using errcode = 'PT400', message = 'Name is too long: at most 100 characters';
  end if;
  if name ~ '[[:cntrl:]]' then
    raise exception using errcode = 'PT400', message = 'Name must not contain control characters';
  end if;
  if private.is_json_container(name) then
    raise exception using errcode = 'PT400', message = 'Name must be a string';
  end if;
  return nullif(btrim(name), '');
end
$function$;
