-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.my_subscription with (security_invoker=true) as
 SELECT plan.code AS plan_code,
    plan.name AS plan_name,
    app.storage_quota(me.id) AS quota_bytes,
    COALESCE(a.used, (0)::bigint) AS used_bytes,
    chain.starts_at,
    chain.ends_at,
        CASE
            WHEN (chain.ends_at IS NULL) THEN NULL::integer
            ELSE (ceil((EXTRACT(epoch FROM (chain.ends_at - now())) / (86400)::numeric)))::integer
        END AS days_left
   FROM (((( SELECT app.current_user_id() AS id) me
     JOIN app.plans plan ON ((plan.code = app.current_plan(me.id))))
     LEFT JOIN app.storage_accounts a ON ((a.owner_id = me.id)))
     LEFT JOIN LATERAL ( SELECT min(s.starts_at) FILTER (WHERE (s.starts_at <= now())) AS starts_at,
            max(s.ends_at) AS ends_at
           FROM app.subscriptions s
          WHERE ((s.user_id = me.id) AND (s.plan_code = plan.code) AND (s.ends_at > now()) AND (plan.code <> 'free'::text))) chain ON (true))
  WHERE (me.id IS NOT NULL);

grant select on table api.my_subscription to authenticated;
grant select on table api.my_subscription to service_role;

comment on view api.my_subscription is 'Your plan now: its quota, your usage, and until when it is paid (null on the free plan).';
