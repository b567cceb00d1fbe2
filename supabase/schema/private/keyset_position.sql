-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.keyset_position(cursor text, OUT created_at timestamp with time zone, OUT id text)
 RETURNS record
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
declare
  raw text;
  padded text := translate(cursor, '-_', '+/');
begin
  padded := padded || repeat('=', (4 - length(padded) % 4) % 4);
  raw := convert_from(decode(padded, 'base64'), 'utf8');
  if raw !~ '^-?[0-9]{1,19},[0-9a-f-]{1,36}$' then
    raise exception 'bad cursor';
  end if;
  created_at := 'epoch'::timestamptz + (split_part(raw, ',', 1) || ' microseconds')::interval;
  id := split_part(raw, ',', 2);
exception
  when others then
    raise exception using errcode = 'PT400', message = 'This cursor is not one a page answered',
      hint = 'Pass back the `next` of the previous page as `before`.';
end
$function$;
