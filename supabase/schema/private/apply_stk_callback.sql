-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.apply_stk_callback(body jsonb, OUT outcome text, OUT reason text, OUT transaction_id uuid)
 RETURNS record
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  cb jsonb := body -> 'Body' -> 'stkCallback';
  checkout text := cb ->> 'CheckoutRequestID';
  code integer;
  payment app.transactions;
  got_receipt text;
  got_amount numeric;
  got_phone text;
  got_paid_at timestamptz;
begin
  if jsonb_typeof(cb) is distinct from 'object' or checkout is null or length(checkout) > 100 then
    outcome := 'malformed'; reason := 'no Body.stkCallback.CheckoutRequestID';
    return;
  end if;
  begin
    code := (cb ->> 'ResultCode')::integer;
  exception when others then
    code := null;
  end;
  if code is null then
    outcome := 'malformed'; reason := 'ResultCode is missing or not a number';
    return;
  end if;
  select * into payment from app.transactions t where t.checkout_request_id = checkout for update;
  if payment.id is null then
    outcome := 'ignored'; reason := 'unknown CheckoutRequestID';
    return;
  end if;
  transaction_id := payment.id;
  if code = 0 then
    got_receipt := nullif(btrim(private.callback_item(cb -> 'CallbackMetadata', 'MpesaReceiptNumber') #>> '{}'), '');
    begin
      got_amount := (private.callback_item(cb -> 'CallbackMetadata', 'Amount') #>> '{}')::numeric;
      got_phone := private.callback_item(cb -> 'CallbackMetadata', 'PhoneNumber') #>> '{}';
      got_paid_at := to_timestamp(private.callback_item(cb -> 'CallbackMetadata', 'TransactionDate') #>> '{}', 'YYYYMMDDHH24MISS')::timestamp
                 at time zone 'Africa/Nairobi';
    exception when others then
      got_paid_at := null;
    end;
    if got_receipt is null or got_receipt !~ '^[A-Z0-9]{6,20}$' then
      outcome := 'ignored'; reason := 'success without a valid receipt number';
      return;
    end if;
    if exists (select from app.transactions t where t.receipt = got_receipt and t.id <> payment.id) then
      outcome := 'ignored'; reason := 'receipt number already used by another payment';
      return;
    end if;
    if payment.state = 'paid' then
      -- Settled by the query (which carries no receipt): the callback brings it; nothing else moves.
      if payment.receipt is null and got_amount = payment.amount and got_phone = payment.phone then
        update app.transactions t
        set receipt = got_receipt, paid_amount = got_amount, paid_phone = got_phone
        where t.id = payment.id;
        outcome := 'receipt_recorded'; reason := 'already paid; receipt added';
      else
        outcome := 'duplicate'; reason := 'already paid';
      end if;
      return;
    end if;
    if payment.state = 'needs_review' then
      outcome := 'duplicate'; reason := 'already waiting for review';
      return;
    end if;
    if got_amount is distinct from payment.amount::numeric or got_phone is distinct from payment.phone or payment.state <> 'pending' then
      update app.transactions t
      set state = 'needs_review', result_code = 0, result_desc = left(cb ->> 'ResultDesc', 500), receipt = got_receipt,
          paid_amount = got_amount, paid_phone = got_phone, paid_at = got_paid_at,
          review_reason = case when payment.state <> 'pending' then format('paid after the payment was %s', payment.state)
                               else format('paid %s KES from %s; expected %s KES from %s', got_amount, got_phone, payment.amount, payment.phone) end,
          message = 'We received a payment that does not match this request. We are checking it and will contact you.'
      where t.id = payment.id;
      perform app.log_activity('payments.needs_review', payment.user_id, 'transaction', payment.id::text,
        jsonb_build_object('receipt', got_receipt, 'paid_amount', got_amount, 'paid_phone', got_phone, 'was', payment.state));
      outcome := 'needs_review'; reason := 'amount, phone or state does not match';
      return;
    end if;
    perform private.settle_paid(payment, got_receipt, got_amount, got_phone, got_paid_at);
    outcome := 'paid';
    return;
  end if;
  if payment.state <> 'pending' then
    outcome := 'ignored'; reason := format('late result %s for a %s payment', code, payment.state);
    return;
  end if;
  perform private.settle_failed(payment, code, cb ->> 'ResultDesc', case when code = 1019 then 'expired' else 'failed' end);
  outcome := case when code = 1019 then 'expired' else 'failed' end;
end
$function$;
