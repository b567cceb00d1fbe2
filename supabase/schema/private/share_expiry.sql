-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.share_expiry(wanted timestamp with time zone)
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  if wanted is null or wanted = 'infinity' then
    return null;
  end if;
  if wanted <= now() then
    raise exception using errcode = 'PT400', message = 'The expiry must be in the future.';
  end if;
  return wanted;
end
$function$;
