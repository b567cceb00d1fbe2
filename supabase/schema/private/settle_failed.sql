-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.settle_failed(payment app.transactions, code integer, description text, final_state text DEFAULT 'failed'::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  update app.transactions t
  set state = settle_failed.final_state, result_code = settle_failed.code, result_desc = left(settle_failed.description, 500),
      message = private.mpesa_message(settle_failed.code, settle_failed.description)
  where t.id = payment.id;
  perform app.log_activity('payments.' || final_state, payment.user_id, 'transaction', payment.id::text,
    jsonb_build_object('result_code', code, 'result_desc', left(description, 500)));
end
$function$;
