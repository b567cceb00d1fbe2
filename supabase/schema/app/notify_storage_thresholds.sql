-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.notify_storage_thresholds()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  quota bigint := app.storage_quota(new.owner_id);
  old_used bigint := case when tg_op = 'UPDATE' then old.used else 0 end;
  level integer;
begin
  if quota is null or quota <= 0 then
    return new;
  end if;
  foreach level in array array[95, 80] loop
    if new.used * 100 >= quota * level and old_used * 100 < quota * level then
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
comment on function app.notify_storage_thresholds() is 'Trigger: tells a user once when the bytes they use cross 80% or 95% of app.storage_quota (their plan''s, an admin''s, or the free plan''s).';
