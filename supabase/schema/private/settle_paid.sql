-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.settle_paid(payment app.transactions, receipt text, amount numeric, phone text, paid_at timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  period app.subscriptions;
  bought app.plans;
begin
  update app.transactions t
  set state = 'paid', result_code = 0, result_desc = coalesce(t.result_desc, 'The service request is processed successfully.'),
      message = private.mpesa_message(0, null), receipt = settle_paid.receipt,
      paid_amount = settle_paid.amount, paid_phone = settle_paid.phone, paid_at = coalesce(settle_paid.paid_at, now())
  where t.id = payment.id;
  period := private.activate_subscription(payment);
  select * into bought from app.plans p where p.code = payment.plan_code;
  perform app.log_activity('payments.paid', payment.user_id, 'transaction', payment.id::text,
    jsonb_build_object('receipt', receipt, 'amount', payment.amount, 'plan', payment.plan_code,
                       'period_ends_at', period.ends_at, 'credit_seconds', period.credit_seconds));
  perform app.notify(payment.user_id, 'payment_paid', jsonb_build_object(
    'plan', bought.name, 'amount', payment.amount, 'quota_pretty', pg_catalog.pg_size_pretty(bought.quota_bytes),
    'ends_at', private.nairobi_time((select max(s.ends_at) from app.subscriptions s
                                     where s.user_id = payment.user_id and s.replaced_at is null)),
    'receipt_text', coalesce(' (M-Pesa receipt ' || receipt || ')', '')), 'transaction', payment.id);
end
$function$;
