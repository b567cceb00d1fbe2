-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.shares with (security_invoker=true) as
 SELECT s.id,
    s.file_id,
    s.folder_id,
    (app.shared_item(s.id) ->> 'name'::text) AS item_name,
    s.recipient_id,
    (app.share_party(s.id) ->> 'email'::text) AS recipient_email,
    (app.share_party(s.id) ->> 'name'::text) AS recipient_name,
    s.role,
    s.expires_at,
    s.created_at,
    s.updated_at,
    s.allow_reshare,
    s.shared_by
   FROM app.shares s
  WHERE ((s.owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR (s.shared_by = ( SELECT app.current_user_id() AS current_user_id)));

grant select on table api.shares to authenticated;

comment on view api.shares is 'Your shares: each file or folder you shared (or re-shared), the person, the role, the expiry, whether they may re-share it, and who re-shared it (shared_by; null: the owner).';
comment on column api.shares.allow_reshare is 'Whether this editor may share the item on; set by the owner.';
comment on column api.shares.shared_by is 'The editor who re-shared your item; null when you shared it.';
