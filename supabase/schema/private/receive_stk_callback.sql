-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.receive_stk_callback(raw text, source_ip inet DEFAULT NULL::inet, source_allowed boolean DEFAULT NULL::boolean, refuse boolean DEFAULT false)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  stored app.mpesa_callbacks;
  body jsonb;
  result_outcome text;
  result_reason text;
  result_transaction uuid;
begin
  insert into app.mpesa_callbacks (source_ip, source_allowed, raw)
  values (receive_stk_callback.source_ip, receive_stk_callback.source_allowed, left(coalesce(receive_stk_callback.raw, ''), 65536))
  returning * into stored;
  if refuse then
    update app.mpesa_callbacks set outcome = 'refused', reason = 'source address not on the allow-list' where id = stored.id;
    perform app.log_activity('payments.callback_refused', null, 'mpesa_callback', stored.id::text,
      jsonb_build_object('source_ip', source_ip::text));
    return 'refused';
  end if;
  begin
    body := raw::jsonb;
  exception when others then
    body := null;
  end;
  if body is null then
    result_outcome := 'malformed';
    result_reason := 'not JSON';
  else
    begin
      select a.outcome, a.reason, a.transaction_id into result_outcome, result_reason, result_transaction
      from private.apply_stk_callback(body) a;
    exception when others then
      -- The payment keeps its state; the row keeps the error for the operator.
      result_outcome := 'error';
      result_reason := left(sqlerrm, 300);
    end;
  end if;
  update app.mpesa_callbacks c
  set outcome = result_outcome, reason = result_reason, transaction_id = result_transaction,
      checkout_request_id = left(body -> 'Body' -> 'stkCallback' ->> 'CheckoutRequestID', 100)
  where c.id = stored.id;
  if result_outcome not in ('paid', 'failed', 'expired') then
    perform app.log_activity('payments.callback_' || result_outcome, null, 'mpesa_callback', stored.id::text,
      jsonb_build_object('reason', result_reason, 'transaction_id', result_transaction, 'source_ip', source_ip::text,
                         'source_allowed', source_allowed));
  end if;
  return result_outcome;
end
$function$;
grant execute on function private.receive_stk_callback(raw text, source_ip inet, source_allowed boolean, refuse boolean) to service_role;
