-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.account_status(disabled_at timestamp with time zone, email_confirmed_at timestamp with time zone)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case
    when disabled_at is not null then 'disabled'
    when email_confirmed_at is null then 'unconfirmed'
    else 'active'
  end
$function$;
