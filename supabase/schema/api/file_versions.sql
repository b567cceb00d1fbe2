-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.file_versions with (security_invoker=true) as
 SELECT file_versions.id,
    file_versions.file_id,
    file_versions.version,
    file_versions.size,
    file_versions.sha256,
    file_versions.mime_type,
    file_versions.created_by,
    file_versions.created_at
   FROM app.file_versions
  WHERE ((file_versions.owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR (file_versions.file_id IN ( SELECT f.id
           FROM app.files f
          WHERE ((f.trashed_at IS NULL) AND ((f.folder_id IN ( SELECT app.shared_folders(true) AS shared_folders)) OR (f.id IN ( SELECT app.shared_files(true) AS shared_files)))))));

grant select on table api.file_versions to authenticated;
grant select on table api.file_versions to service_role;

comment on view api.file_versions is 'Every kept version of your files and of files shared with you as editor; newest has the highest `version`.';
