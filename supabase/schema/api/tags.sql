-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.tags with (security_invoker=true) as
 SELECT tags.id,
    tags.name,
    tags.created_at
   FROM app.tags;

grant select on table api.tags to authenticated;
grant select on table api.tags to service_role;

comment on view api.tags is 'Your tags. Change them with add_tags, remove_tag, rename_tag, merge_tags and delete_tag.';
