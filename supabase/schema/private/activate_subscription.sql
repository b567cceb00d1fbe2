-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.activate_subscription(payment app.transactions)
 RETURNS app.subscriptions
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  bought app.plans;
  now_plan app.plans;
  credit numeric := 0;
  starts timestamptz := now();
  created app.subscriptions;
begin
  select * into bought from app.plans where code = payment.plan_code;
  select * into now_plan from app.plans where code = app.current_plan(payment.user_id);
  -- One settlement per user at a time: two callbacks for one user must not both read the old periods.
  perform pg_advisory_xact_lock(hashtextextended('subscriptions:' || payment.user_id::text, 0));
  if bought.quota_bytes > now_plan.quota_bytes then
    select coalesce(sum(
      extract(epoch from s.ends_at - greatest(s.starts_at, now()))
      * (p.price_kes::numeric / (p.period_days * 86400))
      / (bought.price_kes::numeric / (bought.period_days * 86400))), 0)
    into credit
    from app.subscriptions s join app.plans p on p.code = s.plan_code
    where s.user_id = payment.user_id and s.ends_at > now() and s.replaced_at is null and p.period_days is not null;
    update app.subscriptions s set ends_at = greatest(s.starts_at, now()), replaced_at = now()
    where s.user_id = payment.user_id and s.ends_at > now() and s.replaced_at is null;
  else
    select greatest(coalesce(max(s.ends_at), now()), now()) into starts
    from app.subscriptions s where s.user_id = payment.user_id and s.replaced_at is null;
  end if;
  insert into app.subscriptions (user_id, plan_code, starts_at, ends_at, transaction_id, credit_seconds)
  values (payment.user_id, bought.code, starts,
          starts + make_interval(days => bought.period_days) + make_interval(secs => floor(credit)),
          payment.id, floor(credit)::integer)
  returning * into created;
  return created;
end
$function$;
