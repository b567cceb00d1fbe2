-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.apply_stk_query(transaction_id uuid, result_code text DEFAULT NULL::text, result_desc text DEFAULT NULL::text, error_code text DEFAULT NULL::text, error_message text DEFAULT NULL::text)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  payment app.transactions;
  code integer;
begin
  select * into payment from app.transactions t where t.id = apply_stk_query.transaction_id for update;
  if payment.id is null or payment.state <> 'pending' then
    return 'ignored';
  end if;
  if result_code ~ '^\d{1,9}$' then
    code := result_code::integer;
  end if;
  if code is null then
    if payment.created_at < now() - make_interval(secs => private.setting_int('payments.expire_after_seconds', 300)) then
      perform private.settle_failed(payment, 1019, coalesce(error_message, 'No answer from M-Pesa'), 'expired');
      return 'expired';
    end if;
    return 'pending';
  end if;
  if code = 0 then
    perform private.settle_paid(payment, null, payment.amount, payment.phone, null);
    return 'paid';
  end if;
  perform private.settle_failed(payment, code, result_desc, case when code = 1019 then 'expired' else 'failed' end);
  return case when code = 1019 then 'expired' else 'failed' end;
end
$function$;
grant execute on function private.apply_stk_query(transaction_id uuid, result_code text, result_desc text, error_code text, error_message text) to service_role;
