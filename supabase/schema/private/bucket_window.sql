-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.bucket_window(bucket text)
 RETURNS integer
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select case bucket_window.bucket
    when 'signup' then private.setting_int('auth.signup_window_seconds', 3600)
    when 'lock_notice' then private.setting_int('auth.lock_notice_interval_seconds', 3600)
    else private.setting_int('auth.failure_window_seconds', 900)
  end
$function$;
