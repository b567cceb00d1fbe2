-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.storage_usage with (security_invoker=true) as
 SELECT
        CASE
            WHEN (app.token_folder() IS NULL) THEN drive.used
            ELSE (COALESCE(( SELECT sum(f.size) AS sum
               FROM app.files f
              WHERE ((f.owner_id = me.id) AND (f.trashed_at IS NULL))), (0)::numeric))::bigint
        END AS used,
        CASE
            WHEN (app.token_folder() IS NULL) THEN drive.reserved
            ELSE (COALESCE(( SELECT sum(COALESCE(u.size, (0)::bigint)) AS sum
               FROM app.uploads u
              WHERE ((u.owner_id = me.id) AND (u.status = 'pending'::text) AND (u.expires_at > now()))), (0)::numeric))::bigint
        END AS reserved,
    drive.quota,
    GREATEST(((drive.quota - drive.used) - drive.reserved), (0)::bigint) AS available
   FROM (( SELECT app.current_user_id() AS id) me
     CROSS JOIN LATERAL ( SELECT COALESCE(a.used, (0)::bigint) AS used,
            app.drive_reserved_bytes() AS reserved,
            app.storage_quota(me.id) AS quota
           FROM (( SELECT) one
             LEFT JOIN app.storage_accounts a ON ((a.owner_id = me.id)))) drive)
  WHERE (me.id IS NOT NULL);

grant select on table api.storage_usage to authenticated;
grant select on table api.storage_usage to service_role;

comment on view api.storage_usage is 'Your storage: bytes used, bytes reserved by uploads in flight, your quota (from your plan) and what is still available. An access token limited to a folder sees that folder''s used and reserved bytes, and the drive''s quota and available bytes.';
