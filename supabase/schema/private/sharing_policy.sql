-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.sharing_policy(link_type text)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'default_expiry_days', greatest(private.setting_int(p || 'default_expiry_days', 7), 0),
    'max_expiry_days', greatest(private.setting_int(p || 'max_expiry_days', 30), 1),
    'allow_no_expiry', coalesce(private.setting(p || 'allow_no_expiry') = 'true', false),
    'password_required', coalesce(private.setting(p || 'password_required') = 'true', link_type = 'edit'),
    'min_password_length', greatest(private.setting_int(p || 'min_password_length', 10), 1)
  )
  from (select format('sharing.%s.', link_type) as p) x
$function$;
