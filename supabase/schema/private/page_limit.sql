-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.page_limit(requested integer)
 RETURNS integer
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
  if requested is null then
    return 50;
  end if;
  if requested < 1 or requested > 200 then
    raise exception using errcode = 'PT400', message = 'limit must be between 1 and 200';
  end if;
  return requested;
end
$function$;
