/*
 * Storage warnings against the quota a user really has. The 80% and 95%
 * notifications (20261202100000_notifications.sql) measured the bytes used
 * against the per-user quota or the default; since plans exist
 * (20261202300000_plans.sql) the quota is app.storage_quota(owner): a paid
 * plan's, else an admin's per-user quota, else the free plan's. A user on a
 * 50 GiB plan was told "80% full" at 820 MiB.
 *
 * A threshold is crossed when the bytes used move across it, measured
 * against today's quota on both sides: a change of quota alone (a plan
 * bought or ended, an admin's setting) says nothing here; the plan's own
 * notifications (plan_ending, plan_ended) tell of those.
 */
create or replace function app.notify_storage_thresholds()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
comment on function app.notify_storage_thresholds() is
  'Trigger: tells a user once when the bytes they use cross 80% or 95% of app.storage_quota (their plan''s, an admin''s, or the free plan''s).';
