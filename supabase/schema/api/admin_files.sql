-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.admin_files with (security_invoker=true) as
 SELECT files.id,
    files.owner_id,
    files.folder_id,
    files.name,
    files.mime_type,
    files.size,
    files.sha256,
    files.visibility,
    files.description,
    files.current_version_id,
    files.created_at,
    files.updated_at,
    files.trashed_at,
        CASE
            WHEN (files.visibility = 'public'::text) THEN app.public_link_token(files.id)
            ELSE NULL::text
        END AS public_token
   FROM app.files;

grant select on table api.admin_files to authenticated;
grant select on table api.admin_files to service_role;

comment on view api.admin_files is 'Every file''s metadata, for admins holding files.read_all_metadata (others see only their own). Never the bytes.';
comment on column api.admin_files.public_token is 'The link token of your own public files; always null on other users'' files.';
