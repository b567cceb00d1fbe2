-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.dav_properties with (security_invoker=true) as
 SELECT p.file_id,
    p.folder_id,
    p.namespace,
    p.name,
    p.value
   FROM app.dav_properties p
  WHERE (p.owner_id = ( SELECT app.current_user_id() AS current_user_id));

grant select on table api.dav_properties to authenticated;

comment on view api.dav_properties is 'Your WebDAV dead properties; file_id and folder_id both null means the root.';
