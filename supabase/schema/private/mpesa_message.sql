-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.mpesa_message(code integer, description text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  select case code
    when 0 then 'Paid. Your new storage is ready.'
    when 1 then 'Your M-Pesa balance is not enough for this payment.'
    when 2 then 'The amount is below the M-Pesa minimum.'
    when 3 then 'The amount is above the M-Pesa maximum.'
    when 4 then 'This payment would pass your daily M-Pesa limit.'
    when 17 then 'M-Pesa refused the same amount to the same number within two minutes. Wait a little and try again.'
    when 1001 then 'Another M-Pesa prompt is already waiting on this phone. Wait a minute or two and try again.'
    when 1019 then 'The payment request expired before it was answered. Try again.'
    when 1025 then 'M-Pesa could not send the prompt to your phone. Try again.'
    when 1032 then 'You cancelled the payment on your phone.'
    when 1037 then 'Your phone could not be reached. Check that it is on and has signal, then try again.'
    when 2001 then 'The M-Pesa PIN was wrong. Try again.'
    else coalesce(nullif(btrim(left(description, 300)), ''), format('M-Pesa declined the payment (code %s).', code))
  end
$function$;
comment on function private.mpesa_message(code integer, description text) is 'The user-facing message for a Daraja ResultCode.';
