-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_payment_totals_by_plan(since timestamp with time zone DEFAULT NULL::timestamp with time zone, until timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  perform app.require_live_session();
  perform private.require_permission('payments.read_all');
  if since is not null and until is not null and since > until then
    raise exception using errcode = 'PT400', message = 'since must not be after until';
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object('plan_code', x.plan_code, 'state', x.state, 'payments', x.payments, 'amount_kes', x.amount_kes)
      order by x.plan_code, x.state)
    from (
      select t.plan_code, t.state, count(*)::int as payments, sum(t.amount)::bigint as amount_kes
      from app.transactions t
      where (admin_payment_totals_by_plan.since is null or t.created_at >= admin_payment_totals_by_plan.since)
        and (admin_payment_totals_by_plan.until is null or t.created_at < admin_payment_totals_by_plan.until)
      group by t.plan_code, t.state
    ) x
  ), '[]');
end
$function$;
grant execute on function api.admin_payment_totals_by_plan(since timestamp with time zone, until timestamp with time zone) to authenticated;
comment on function api.admin_payment_totals_by_plan(since timestamp with time zone, until timestamp with time zone) is 'Needs payments.read_all. [{plan_code, state, payments, amount_kes}] for payments created within [since, until).';
