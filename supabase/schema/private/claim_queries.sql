-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.claim_queries(batch integer DEFAULT 10)
 RETURNS TABLE(id uuid, checkout_request_id text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  stale app.transactions;
begin
  for stale in
    select * from app.transactions t
    where t.state = 'pending' and t.checkout_request_id is null and t.created_at < now() - interval '2 minutes'
    for update skip locked
  loop
    perform private.settle_failed(stale, 1025, 'The prompt was never sent.');
  end loop;
  return query
  with due as (
    select t.id from app.transactions t
    where t.state = 'pending' and t.checkout_request_id is not null and t.next_query_at <= now()
    order by t.next_query_at
    limit greatest(least(batch, 50), 1)
    for update skip locked
  )
  update app.transactions t
  set query_attempts = t.query_attempts + 1,
      next_query_at = now() + make_interval(secs => least(15 * power(2, least(t.query_attempts, 3)), 120))
  from due where t.id = due.id
  returning t.id, t.checkout_request_id;
end
$function$;
grant execute on function private.claim_queries(batch integer) to service_role;
