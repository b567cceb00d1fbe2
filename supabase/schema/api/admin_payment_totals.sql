-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.admin_payment_totals with (security_invoker=true) as
 SELECT (date_trunc('day'::text, (t.created_at AT TIME ZONE 'Africa/Nairobi'::text)))::date AS day,
    t.state,
    (count(*))::integer AS payments,
    sum(t.amount) AS amount_kes
   FROM app.transactions t
  WHERE ( SELECT app.user_has_permission('payments.read_all'::text) AS user_has_permission)
  GROUP BY ((date_trunc('day'::text, (t.created_at AT TIME ZONE 'Africa/Nairobi'::text)))::date), t.state;

grant select on table api.admin_payment_totals to authenticated;
grant select on table api.admin_payment_totals to service_role;

comment on view api.admin_payment_totals is 'Payments counted and summed per day (Nairobi time) and state, for admins with payments.read_all.';
