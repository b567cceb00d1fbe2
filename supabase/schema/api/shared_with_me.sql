-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.shared_with_me with (security_invoker=true) as
 SELECT x.id,
    x.file_id,
    x.folder_id,
    (x.item ->> 'kind'::text) AS kind,
    (x.item ->> 'name'::text) AS name,
    (x.item ->> 'mime_type'::text) AS mime_type,
    ((x.item ->> 'size'::text))::bigint AS size,
    ((x.item ->> 'updated_at'::text))::timestamp with time zone AS updated_at,
    x.owner_id,
    (app.share_party(x.id) ->> 'name'::text) AS owner_name,
    (app.share_party(x.id) ->> 'email'::text) AS owner_email,
    x.role,
    x.expires_at,
    x.created_at
   FROM ( SELECT s.id,
            s.owner_id,
            s.recipient_id,
            s.file_id,
            s.folder_id,
            s.role,
            s.expires_at,
            s.created_at,
            s.updated_at,
            app.shared_item(s.id) AS item
           FROM app.shares s
          WHERE ((s.recipient_id = ( SELECT app.current_user_id() AS current_user_id)) AND ((s.expires_at IS NULL) OR (s.expires_at > now())))) x
  WHERE (x.item IS NOT NULL);

grant select on table api.shared_with_me to authenticated;

comment on view api.shared_with_me is 'Files and folders others shared with you: the item, its owner, your role and the expiry.';
