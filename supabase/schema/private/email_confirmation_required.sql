-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.email_confirmation_required()
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select coalesce(lower(btrim(private.setting('auth.confirm_email'))), 'on') not in ('off', 'false', '0', 'no')
$function$;
