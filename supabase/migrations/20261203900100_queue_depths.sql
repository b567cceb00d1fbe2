/*
 * How much work is waiting, for the gateway's /metrics (and the admin
 * console's system page): mail in the outbox, payments not yet settled or
 * waiting for an admin, uploads in flight and objects waiting for the
 * collector. Counts only, no rows; the service role asks (the gateway's
 * metrics call it with the service key), nobody else.
 */
create or replace function api.queue_depths()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'email_pending', (select count(*) from private.email_outbox where status in ('pending', 'sending')),
    'email_failed', (select count(*) from private.email_outbox where status = 'failed'),
    'payments_pending', (select count(*) from app.transactions where state = 'pending'),
    'payments_needs_review', (select count(*) from app.transactions where state = 'needs_review'),
    'uploads_pending', (select count(*) from app.uploads where status = 'pending'),
    'storage_garbage', (select count(*) from app.storage_garbage)
  )
$$;
comment on function api.queue_depths() is
  'The service role only: counts of mail waiting or failed, payments pending or needing review, uploads in flight, objects awaiting collection.';
revoke all on function api.queue_depths() from public, anon, authenticated;
grant execute on function api.queue_depths() to service_role;

-- The count of payments waiting for an admin reads this, not the whole table.
create index transactions_needs_review on app.transactions (created_at) where state = 'needs_review';
