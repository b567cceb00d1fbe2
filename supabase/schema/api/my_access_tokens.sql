-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.my_access_tokens with (security_invoker=true) as
 SELECT t.id,
    t.name,
    t.prefix,
    t.scopes,
    t.folder_id,
    t.created_at,
    t.last_used_at,
    t.expires_at,
    t.revoked_at,
        CASE
            WHEN (t.revoked_at IS NOT NULL) THEN 'revoked'::text
            WHEN (t.expires_at <= now()) THEN 'expired'::text
            ELSE 'active'::text
        END AS state
   FROM app.access_tokens t
  WHERE (t.user_id = ( SELECT app.current_user_id() AS current_user_id))
  ORDER BY t.created_at DESC;

grant select on table api.my_access_tokens to authenticated;

comment on view api.my_access_tokens is 'Your personal access tokens, newest first: name, prefix, scopes, folder, created, last used, expiry and state (never the secret).';
