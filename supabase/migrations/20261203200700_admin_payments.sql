-- The admin console's payments page: totals per plan, and settling a
-- payment that needs review (a callback whose amount or phone did not
-- match, or a success after the payment had expired) with a reason.
--
-- Settling as paid credits the subscription exactly as a matching callback
-- does (private.settle_paid: the period, the activity row, the
-- notification); as failed it ends there (private.settle_failed). Only
-- `needs_review` rows, so nothing settled can be settled twice; the
-- forward-only trigger is restated to let needs_review become paid or
-- failed (before, a reviewed payment could never leave review).

create or replace function app.transactions_forward_only()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  if new.state = old.state then
    if old.state <> 'pending' and (new.amount, new.phone, new.plan_code, new.user_id)
        is distinct from (old.amount, old.phone, old.plan_code, old.user_id) then
      raise exception using errcode = '55000', message = 'A settled payment cannot be changed.';
    end if;
    return new;
  end if;
  if old.state = 'pending'
     or (old.state in ('failed', 'expired') and new.state = 'needs_review') then
    new.settled_at := coalesce(new.settled_at, now());
    return new;
  end if;
  -- An administrator's decision on a reviewed payment (api.admin_settle_transaction).
  if old.state = 'needs_review' and new.state in ('paid', 'failed') then
    new.settled_at := now();
    return new;
  end if;
  raise exception using errcode = '55000',
    message = format('A %s payment cannot become %s.', old.state, new.state);
end
$$;

/* Payments counted and summed per plan and state, optionally within [since, until). */
create or replace function api.admin_payment_totals_by_plan(since timestamptz default null, until timestamptz default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
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
$$;
comment on function api.admin_payment_totals_by_plan(timestamptz, timestamptz) is
  'Needs payments.read_all. [{plan_code, state, payments, amount_kes}] for payments created within [since, until).';

/* Settles a payment that needs review as paid or failed, with the administrator's reason; answers its admin_transactions row. */
create or replace function api.admin_settle_transaction(transaction_id uuid default null, outcome text default null, reason text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me uuid;
  payment app.transactions;
begin
  perform app.require_live_session();
  me := private.require_permission('payments.manage');
  if outcome is null or outcome not in ('paid', 'failed') then
    raise exception using errcode = 'PT400', message = 'outcome is paid or failed';
  end if;
  if nullif(btrim(reason), '') is null or char_length(reason) > 500 then
    raise exception using errcode = 'PT400', message = 'Give a reason of 1 to 500 characters';
  end if;
  select * into payment from app.transactions t where t.id = admin_settle_transaction.transaction_id for update;
  if payment.id is null then
    raise exception using errcode = 'PT404', message = 'No such payment';
  end if;
  if payment.state <> 'needs_review' then
    raise exception using errcode = 'PT409', message = format('Only a payment that needs review can be settled; this one is %s', payment.state);
  end if;
  if outcome = 'paid' then
    perform private.settle_paid(payment, payment.receipt, coalesce(payment.paid_amount, payment.amount),
      coalesce(payment.paid_phone, payment.phone), payment.paid_at);
  else
    perform private.settle_failed(payment, coalesce(payment.result_code, 1), 'Settled as failed after review: ' || btrim(reason));
  end if;
  perform app.log_activity('admin.payment_settled', me, 'transaction', payment.id::text,
    jsonb_build_object('outcome', outcome, 'reason', btrim(reason), 'review_reason', payment.review_reason));
  return (select to_jsonb(a) from api.admin_transactions a where a.id = payment.id);
end
$$;
comment on function api.admin_settle_transaction(uuid, text, text) is
  'Needs payments.manage. Settles a needs_review payment as paid (credits the plan as a matching callback would) or failed, with a reason (logged); answers its admin_transactions row.';

grant execute on function
  api.admin_payment_totals_by_plan(timestamptz, timestamptz),
  api.admin_settle_transaction(uuid, text, text)
to authenticated;
