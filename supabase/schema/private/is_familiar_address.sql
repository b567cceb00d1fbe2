-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.is_familiar_address(user_id uuid, address text)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select address is not null and exists (
    select from app.sessions s
    where s.user_id = is_familiar_address.user_id
      and s.created_at > now() - make_interval(days => private.setting_int('auth.familiar_address_days', 30))
      and private.client_key(s.client_ip) = is_familiar_address.address
  )
$function$;
