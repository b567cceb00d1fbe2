-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.my_transactions with (security_invoker=true) as
 SELECT t.id,
    t.plan_code,
    p.name AS plan_name,
    t.amount,
    t.phone,
    t.state,
    t.message,
    t.receipt,
    t.result_code,
    t.created_at,
    t.settled_at,
    t.paid_at,
    s.starts_at AS period_starts_at,
    s.ends_at AS period_ends_at
   FROM ((app.transactions t
     JOIN app.plans p ON ((p.code = t.plan_code)))
     LEFT JOIN app.subscriptions s ON ((s.transaction_id = t.id)))
  WHERE (t.user_id = ( SELECT app.current_user_id() AS current_user_id));

grant select on table api.my_transactions to authenticated;
grant select on table api.my_transactions to service_role;

comment on view api.my_transactions is 'Your payments, newest first by created_at: amount in KES, state, receipt number, the reason when one failed, and for a paid one the period it bought (period_starts_at, period_ends_at).';
