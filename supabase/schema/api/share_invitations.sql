-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.share_invitations with (security_invoker=true) as
 SELECT i.id,
    (i.email)::text AS email,
    i.file_id,
    i.folder_id,
    i.role,
    i.share_expires_at,
    i.created_at,
    i.expires_at,
    i.accepted_at,
    i.revoked_at,
        CASE
            WHEN (i.revoked_at IS NOT NULL) THEN 'revoked'::text
            WHEN (i.accepted_at IS NOT NULL) THEN 'accepted'::text
            WHEN (i.expires_at <= now()) THEN 'expired'::text
            ELSE 'pending'::text
        END AS state
   FROM app.share_invitations i
  WHERE (i.owner_id = ( SELECT app.current_user_id() AS current_user_id));

grant select on table api.share_invitations to authenticated;

comment on view api.share_invitations is 'Your invitations to addresses without an account: pending, accepted, expired or revoked.';
