-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.claim_pushes(batch integer DEFAULT 10)
 RETURNS TABLE(id uuid, amount integer, phone text, account_reference text, description text)
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  with due as (
    select t.id from app.transactions t
    where t.state = 'pending' and t.checkout_request_id is null
      and (t.push_claimed_at is null or t.push_claimed_at < now() - interval '1 minute')
    order by t.created_at
    limit greatest(least(batch, 50), 1)
    for update skip locked
  )
  update app.transactions t set push_claimed_at = now()
  from due where t.id = due.id
  returning t.id, t.amount, t.phone, t.account_reference, t.description
$function$;
grant execute on function private.claim_pushes(batch integer) to service_role;
