-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.send_plan_reminders()
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  due record;
  sent integer := 0;
begin
  for due in
    select s.id, s.user_id, s.ends_at, p.name as plan_name,
           case when s.ends_at <= now() then 'ended' else 'ending' end as kind
    from app.subscriptions s
    join app.plans p on p.code = s.plan_code
    where s.replaced_at is null
      and s.ends_at > now() - interval '1 day'
      and ((s.ends_at <= now() and s.reminded_end_at is null)
        or (s.ends_at > now() and s.ends_at <= now() + interval '7 days' and s.reminded_week_at is null))
      and not exists (select from app.subscriptions later
                      where later.user_id = s.user_id and later.replaced_at is null
                        and later.id <> s.id and later.ends_at > s.ends_at and later.starts_at <= s.ends_at)
    for update of s skip locked
  loop
    if due.kind = 'ending' then
      update app.subscriptions set reminded_week_at = now() where id = due.id;
    else
      update app.subscriptions set reminded_end_at = now(), reminded_week_at = coalesce(reminded_week_at, now()) where id = due.id;
    end if;
    perform app.notify(due.user_id, 'plan_' || due.kind,
      jsonb_build_object('plan', due.plan_name, 'ends_at', private.nairobi_time(due.ends_at)), 'subscription', due.id);
    perform app.log_activity('payments.plan_' || due.kind || '_reminder', due.user_id, 'subscription', due.id::text,
      jsonb_build_object('ends_at', due.ends_at));
    sent := sent + 1;
  end loop;
  return sent;
end
$function$;
grant execute on function private.send_plan_reminders() to service_role;
comment on function private.send_plan_reminders() is 'Notifies users whose paid plan ends within a week or ended today; each reminder once per period.';
