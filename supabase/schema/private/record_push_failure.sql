-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.record_push_failure(transaction_id uuid, error_code text, error_message text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  payment app.transactions;
  reason text := case
    when error_code = '400.002.02' and error_message ilike '%phone%' then 'M-Pesa did not accept this phone number. Check it and try again.'
    when error_code = '500.001.1001' then 'M-Pesa is busy with another request for this phone. Wait a minute and try again.'
    when error_code = '500.003.02' then 'M-Pesa is receiving too many requests. Wait a minute and try again.'
    when error_code in ('404.001.03', '400.002.02', '500.001.1001') then 'M-Pesa refused the request. Try again in a few minutes.'
    else 'M-Pesa could not be reached. Try again in a few minutes.'
  end;
begin
  select * into payment from app.transactions t where t.id = record_push_failure.transaction_id and t.state = 'pending' for update;
  if payment.id is null then
    return;
  end if;
  update app.transactions t
  set state = 'failed', result_desc = left(coalesce(error_code || ': ', '') || coalesce(error_message, ''), 500), message = reason
  where t.id = payment.id;
  perform app.log_activity('payments.push_failed', payment.user_id, 'transaction', payment.id::text,
    jsonb_build_object('error_code', error_code, 'error_message', left(error_message, 500)));
end
$function$;
grant execute on function private.record_push_failure(transaction_id uuid, error_code text, error_message text) to service_role;
