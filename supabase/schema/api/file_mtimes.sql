-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.file_mtimes with (security_invoker=true) as
 SELECT m.file_id,
    m.modified_at
   FROM (app.file_mtimes m
     JOIN app.files f ON (((f.id = m.file_id) AND (f.current_version_id = m.version_id))))
  WHERE (m.owner_id = ( SELECT app.current_user_id() AS current_user_id));

grant select on table api.file_mtimes to authenticated;

comment on view api.file_mtimes is 'The modification time a client set for a file''s current version, when it set one.';
