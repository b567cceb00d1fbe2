-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.record_push(transaction_id uuid, merchant_request_id text, checkout_request_id text)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  update app.transactions t
  set merchant_request_id = record_push.merchant_request_id, checkout_request_id = record_push.checkout_request_id,
      pushed_at = now(),
      next_query_at = now() + make_interval(secs => private.setting_int('payments.query_after_seconds', 60))
  where t.id = record_push.transaction_id and t.state = 'pending' and t.checkout_request_id is null
$function$;
grant execute on function private.record_push(transaction_id uuid, merchant_request_id text, checkout_request_id text) to service_role;
