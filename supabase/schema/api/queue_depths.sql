-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.queue_depths()
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'email_pending', (select count(*) from private.email_outbox where status in ('pending', 'sending')),
    'email_failed', (select count(*) from private.email_outbox where status = 'failed'),
    'payments_pending', (select count(*) from app.transactions where state = 'pending'),
    'payments_needs_review', (select count(*) from app.transactions where state = 'needs_review'),
    'uploads_pending', (select count(*) from app.uploads where status = 'pending'),
    'storage_garbage', (select count(*) from app.storage_garbage)
  )
$function$;
grant execute on function api.queue_depths() to service_role;
comment on function api.queue_depths() is 'The service role only: counts of mail waiting or failed, payments pending or needing review, uploads in flight, objects awaiting collection.';
