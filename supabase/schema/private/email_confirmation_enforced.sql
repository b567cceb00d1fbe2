-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.email_confirmation_enforced()
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select coalesce(lower(btrim(private.setting('auth.require_email_confirmation'))), 'on') not in ('off', 'false', '0', 'no')
$function$;
comment on function private.email_confirmation_enforced() is 'Whether auth.require_email_confirmation is on (the default): unconfirmed accounts then cannot receive shares by email, send invitations or accept them.';
