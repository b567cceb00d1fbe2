-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.clean_bio(bio text)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
  if bio is not null and char_length(bio) > 1000 then
    raise exception using errcode = 'PT400', message = 'Bio is too long: at most 1000 characters';
  end if;
  if bio ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' then
    raise exception using errcode = 'PT400', message = 'Bio must not contain control characters';
  end if;
  if private.is_json_container(bio) then
    raise exception using errcode = 'PT400', message = 'Bio must be a string';
  end if;
  return nullif(btrim(bio), '');
end
$function$;
