-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.device_name(user_agent text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case when user_agent is null or user_agent = '' then 'unknown device' else
    coalesce(
      case
        when user_agent ~ 'Edg/' then 'Edge'
        when user_agent ~ 'Firefox/' then 'Firefox'
        when user_agent ~ 'Chrom(e|ium)/' then 'Chrome'
        when user_agent ~ 'Safari/' then 'Safari'
      end || coalesce(' on ' || case
        when user_agent ~ 'Android' then 'Android'
        when user_agent ~ 'iPhone|iPad' then 'iOS'
        when user_agent ~ 'Windows' then 'Windows'
        when user_agent ~ 'Mac OS X' then 'macOS'
        when user_agent ~ 'Linux' then 'Linux'
      end, ''),
      left(user_agent, 60))
  end
$function$;
