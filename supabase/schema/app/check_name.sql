-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.check_name(raw text)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
declare
  n text := btrim(normalize(coalesce(raw, ''), nfc));
begin
  if n = '' then
    raise exception using errcode = 'PT400', message = 'A name cannot be empty.';
  end if;
  if n in ('.', '..') then
    raise exception using errcode = 'PT400', message = 'A name cannot be "." or "..".';
  end if;
  -- Windows drops them when it saves a file: keep the name it will save.
  n := rtrim(n, '. ');
  if n = '' then
    raise exception using errcode = 'PT400', message = 'A name cannot be only dots and spaces.';
  end if;
  if octet_length(n) > 255 then
    raise exception using errcode = 'PT400', message = 'A name can be at most 255 bytes long.';
  end if;
  if strpos(n, '/') > 0 or strpos(n, E'\\') > 0 then
    raise exception using errcode = 'PT400', message = 'A name cannot contain "/" or "\".';
  end if;
  perform app.assert_visible_text(n, 'A name');
  if upper(split_part(n, '.', 1)) ~ '^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])$' then
    raise exception using errcode = 'PT400', message = format('"%s" is a reserved name.', n);
  end if;
  return n;
end
$function$;
grant execute on function app.check_name(raw text) to authenticated;
grant execute on function app.check_name(raw text) to service_role;
