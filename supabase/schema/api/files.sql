-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.files with (security_invoker=true) as
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
   FROM app.files
  WHERE (files.owner_id = ( SELECT app.current_user_id() AS current_user_id));

grant select on table api.files to authenticated;
grant select on table api.files to service_role;

comment on view api.files is 'Your files. `folder_id` null means the root; `trashed_at` is set while in the trash.';
comment on column api.files.public_token is 'For a public file, the token of its link: GET <API URL>/functions/v1/files/public/<public_token> downloads it without signing in. Null when private.';
