-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.clean_email(email text)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
declare
  cleaned text;
begin
  if email is null or length(email) > 1000 then
    raise exception using errcode = 'PT400', message = 'A valid email address is required';
  end if;
  cleaned := btrim(email);
  if length(cleaned) > 254
     or cleaned !~ '^[^@[:space:][:cntrl:]"(),:;<>\[\]\\]+@[^@[:space:][:cntrl:]"(),:;<>\[\]\\_!#$%&''*+/=?^`{|}~]+\.[^@[:space:][:cntrl:]"(),:;<>\[\]\\_!#$%&''*+/=?^`{|}~.]+$'
     or cleaned ~ '\.\.|^\.|\.@|@\.|@-|-\.' then
    raise exception using errcode = 'PT400', message = 'A valid email address is required';
  end if;
  return cleaned;
end
$function$;
