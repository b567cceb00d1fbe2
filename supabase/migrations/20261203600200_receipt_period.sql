-- A payment's receipt shows the period it paid for: my_transactions gains
-- the subscription the payment made (its starts_at and ends_at), read under
-- the subscriptions' own RLS (the view runs as the caller). Columns are
-- appended, so the view's earlier columns keep their order.
create or replace view api.my_transactions with (security_invoker = true) as
  select t.id,
    t.plan_code,
    p.name as plan_name,
    t.amount,
    t.phone,
    t.state,
    t.message,
    t.receipt,
    t.result_code,
    t.created_at,
    t.settled_at,
    t.paid_at,
    s.starts_at as period_starts_at,
    s.ends_at as period_ends_at
  from app.transactions t
  join app.plans p on p.code = t.plan_code
  left join app.subscriptions s on s.transaction_id = t.id
  where t.user_id = (select app.current_user_id());

comment on view api.my_transactions is
  'Your payments, newest first by created_at: amount in KES, state, receipt number, the reason when one failed, and for a paid one the period it bought (period_starts_at, period_ends_at).';
