-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.files_setting(setting_key text)
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select coalesce(
    nullif(private.setting(setting_key), '')::bigint,
    case setting_key
      when 'files.default_quota' then 1073741824
      when 'files.max_file_size' then 5368709120
      when 'files.max_versions' then 10
      when 'files.trash_retention_days' then 30
      when 'files.upload_ttl_seconds' then 3600
      when 'files.tus_ttl_seconds' then 86400
    end
  )
$function$;
grant execute on function app.files_setting(setting_key text) to authenticated;
grant execute on function app.files_setting(setting_key text) to service_role;
comment on function app.files_setting(setting_key text) is 'A numeric drive setting from private.settings, or its default.';
