-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.shortcuts with (security_invoker=true) as
 SELECT c.id,
    c.parent_id,
    w.kind,
    c.file_id,
    c.folder_id,
    w.name,
    w.mime_type,
    w.size,
    w.updated_at,
    w.owner_id,
    w.owner_name,
    w.role,
    w.expires_at,
    c.created_at
   FROM (app.shortcuts c
     JOIN api.shared_with_me w ON (((w.file_id = c.file_id) OR (w.folder_id = c.folder_id))))
  WHERE (c.user_id = ( SELECT app.current_user_id() AS current_user_id));

grant select on table api.shortcuts to authenticated;

comment on view api.shortcuts is 'Your shortcuts: items shared with you that you placed in your drive (`parent_id`: your folder, null the root), each shown only while its share is active. `kind`, `name`, `owner_name`, `role` as in `shared_with_me`.';
