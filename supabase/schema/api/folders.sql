-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.folders with (security_invoker=true) as
 SELECT folders.id,
    folders.owner_id,
    folders.parent_id,
    folders.name,
    folders.created_at,
    folders.updated_at,
    folders.trashed_at
   FROM app.folders
  WHERE ((folders.owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR ((folders.trashed_at IS NULL) AND (folders.parent_id IN ( SELECT app.shared_folders() AS shared_folders))));

grant select on table api.folders to authenticated;
grant select on table api.folders to service_role;

comment on view api.folders is 'Your folders, and those under folders shared with you (the shared folder itself is in `shared_with_me`). `parent_id` null means your root; `trashed_at` is set while in the trash.';
