-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_settle_transaction(transaction_id uuid DEFAULT NULL::uuid, outcome text DEFAULT NULL::text, reason text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
grant execute on function api.admin_settle_transaction(transaction_id uuid, outcome text, reason text) to authenticated;
comment on function api.admin_settle_transaction(transaction_id uuid, outcome text, reason text) is 'Needs payments.manage. Settles a needs_review payment as paid (credits the plan as a matching callback would) or failed, with a reason (logged); answers its admin_transactions row.';
