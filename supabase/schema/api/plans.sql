-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.plans with (security_invoker=true) as
 SELECT p.code,
    p.name,
        CASE
            WHEN (p.code = 'free'::text) THEN app.free_quota()
            ELSE p.quota_bytes
        END AS quota_bytes,
    p.price_kes,
    p.period_days
   FROM app.plans p
  WHERE p.active
  ORDER BY p.sort_order, p.code;

grant select on table api.plans to anon;
grant select on table api.plans to authenticated;
grant select on table api.plans to service_role;

comment on view api.plans is 'The storage plans on offer: quota in bytes, price in Kenyan shillings per period of days (free: no period).';
