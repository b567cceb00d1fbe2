-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.type_groups with (security_invoker=true) as
 SELECT mime_type_groups.mime_pattern,
    mime_type_groups.type_group,
    mime_type_groups.has_text
   FROM app.mime_type_groups;

grant select on table api.type_groups to anon;
grant select on table api.type_groups to authenticated;
grant select on table api.type_groups to service_role;

comment on view api.type_groups is 'How MIME types map to the type groups search filters by (type_group of search_files). "image/*" covers a whole family; has_text types are content-searchable.';
