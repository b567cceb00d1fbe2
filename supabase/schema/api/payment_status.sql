-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.payment_status(transaction_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  t app.transactions;
begin
  select * into t from app.transactions x where x.id = payment_status.transaction_id;
  if t.id is null then
    raise exception using errcode = 'PT404', message = 'No such payment.';
  end if;
  return jsonb_build_object(
    'transaction_id', t.id, 'state', t.state, 'message', t.message, 'plan', t.plan_code,
    'amount', t.amount, 'receipt', t.receipt, 'result_code', t.result_code,
    'created_at', t.created_at, 'settled_at', t.settled_at,
    'final', t.state <> 'pending');
end
$function$;
grant execute on function api.payment_status(transaction_id uuid) to authenticated;
grant execute on function api.payment_status(transaction_id uuid) to service_role;
comment on function api.payment_status(transaction_id uuid) is 'The state of one of your payments: pending, paid, failed, expired or needs_review, with a message in plain words.';
