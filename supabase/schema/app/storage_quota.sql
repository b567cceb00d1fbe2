-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.storage_quota(owner uuid)
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select case
    when plan.code = 'free' then coalesce(account.quota, app.free_quota())
    else greatest(plan.quota_bytes, coalesce(account.quota, 0))
  end
  from (select p.code, p.quota_bytes from app.plans p where p.code = app.current_plan(owner)) plan
  left join app.storage_accounts account on account.owner_id = owner
$function$;
grant execute on function app.storage_quota(owner uuid) to authenticated;
grant execute on function app.storage_quota(owner uuid) to service_role;
comment on function app.storage_quota(owner uuid) is 'Bytes a user may store: their paid plan''s, else an admin''s per-user quota, else the free plan''s.';
