-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.current_plan(owner uuid)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select coalesce((
    select s.plan_code from app.subscriptions s join app.plans p on p.code = s.plan_code
    where s.user_id = owner and s.starts_at <= now() and s.ends_at > now()
    order by p.quota_bytes desc
    limit 1
  ), 'free')
$function$;
grant execute on function app.current_plan(owner uuid) to authenticated;
grant execute on function app.current_plan(owner uuid) to service_role;
comment on function app.current_plan(owner uuid) is 'The code of the plan a user is on now (free when no paid period is active).';
