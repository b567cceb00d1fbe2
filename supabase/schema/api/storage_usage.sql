-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.storage_usage with (security_invoker=true) as
 SELECT COALESCE(a.used, (0)::bigint) AS used,
    (COALESCE(( SELECT sum(COALESCE(u.size, (0)::bigint)) AS sum
           FROM app.uploads u
          WHERE ((u.owner_id = me.id) AND (u.status = 'pending'::text) AND (u.expires_at > now()))), (0)::numeric))::bigint AS reserved,
    app.storage_quota(me.id) AS quota
   FROM (( SELECT app.current_user_id() AS id) me
     LEFT JOIN app.storage_accounts a ON ((a.owner_id = me.id)))
  WHERE (me.id IS NOT NULL);

grant select on table api.storage_usage to authenticated;
grant select on table api.storage_usage to service_role;

comment on view api.storage_usage is 'Your storage: bytes used, bytes reserved by uploads in flight, and your quota (from your plan).';
