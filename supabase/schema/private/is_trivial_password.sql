-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.is_trivial_password(password text)
 RETURNS boolean
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
declare
  step integer;
begin
  if password !~ '[^[:space:]]' or password ~ '^(.)\1*$' then
    return true;
  end if;
  step := ascii(substr(password, 2, 1)) - ascii(substr(password, 1, 1));
  if abs(step) <> 1 then
    return false;
  end if;
  for i in 3 .. char_length(password) loop
    if ascii(substr(password, i, 1)) - ascii(substr(password, i - 1, 1)) <> step then
      return false;
    end if;
  end loop;
  return true;
end
$function$;
