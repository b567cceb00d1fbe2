-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.normalize_mime(raw text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case
    when m ~ '^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$' then m
    else 'application/octet-stream'
  end
  from (select lower(btrim(split_part(coalesce(raw, ''), ';', 1))) as m) as given
$function$;
grant execute on function app.normalize_mime(raw text) to authenticated;
grant execute on function app.normalize_mime(raw text) to service_role;
