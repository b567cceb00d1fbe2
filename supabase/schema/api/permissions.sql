-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.permissions with (security_invoker=true) as
 SELECT p.name,
    p.description,
    p.is_system
   FROM app.permissions p;

grant select on table api.permissions to authenticated;

comment on view api.permissions is 'Every permission (resource.action).';
