-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.client_key(address inet)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case
    when address is null then null
    when family(address) = 6 and address << inet '::ffff:0.0.0.0/96' then host(('0.0.0.0'::inet + (address - inet '::ffff:0.0.0.0')))
    when family(address) = 6 then host(network(set_masklen(address, 64))) || '/64'
    else host(address)
  end
$function$;
