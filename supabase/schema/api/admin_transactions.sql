-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.admin_transactions with (security_invoker=true) as
 SELECT t.id,
    t.user_id,
    t.plan_code,
    t.amount,
    t.phone,
    t.state,
    t.message,
    t.receipt,
    t.result_code,
    t.result_desc,
    t.paid_amount,
    t.paid_phone,
    t.review_reason,
    t.merchant_request_id,
    t.checkout_request_id,
    t.created_at,
    t.pushed_at,
    t.settled_at,
    t.paid_at
   FROM app.transactions t
  WHERE ( SELECT app.user_has_permission('payments.read_all'::text) AS user_has_permission);

grant select on table api.admin_transactions to authenticated;
grant select on table api.admin_transactions to service_role;

comment on view api.admin_transactions is 'All payments for admins with payments.read_all, with Daraja''s ids and codes for reconciliation.';
