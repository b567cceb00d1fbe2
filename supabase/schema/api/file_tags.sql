-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.file_tags with (security_invoker=true) as
 SELECT ft.file_id,
    ft.tag_id,
    t.name,
    ft.created_at,
    f.folder_id
   FROM ((app.file_tags ft
     JOIN app.tags t ON ((t.id = ft.tag_id)))
     JOIN app.files f ON ((f.id = ft.file_id)))
  WHERE (ft.owner_id = ( SELECT app.current_user_id() AS current_user_id));

grant select on table api.file_tags to authenticated;
grant select on table api.file_tags to service_role;

comment on view api.file_tags is 'The tags on your files, one row per file and tag. Ask by file (file_id=in.(...)) or by folder (folder_id=eq.<id>, folder_id=is.null for the root) to show tag chips.';
