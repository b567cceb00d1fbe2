-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.notify_storage_thresholds()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  quota bigint := coalesce(new.quota, app.files_setting('files.default_quota'));
  old_quota bigint;
  old_used bigint := 0;
  level integer;
begin
  if quota is null or quota <= 0 then
    return new;
  end if;
  if tg_op = 'UPDATE' then
    old_used := old.used;
    old_quota := coalesce(old.quota, app.files_setting('files.default_quota'));
  else
    old_quota := quota;
  end if;
  foreach level in array array[95, 80] loop
    if new.used * 100 >= quota * level and not (old_quota > 0 and old_used * 100 >= old_quota * level) then
      perform app.notify(new.owner_id, 'storage_' || level, jsonb_build_object(
        'percent', floor(new.used * 100.0 / quota)::integer,
        'used', new.used, 'quota', quota,
        'used_pretty', pg_catalog.pg_size_pretty(new.used),
        'quota_pretty', pg_catalog.pg_size_pretty(quota)));
      exit; -- 95% says all that 80% would
    end if;
  end loop;
  return new;
end
$function$;
