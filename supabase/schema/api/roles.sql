-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.roles with (security_invoker=true) as
 SELECT r.name,
    r.description,
    r.is_system,
    COALESCE(ARRAY( SELECT p.name
           FROM (app.role_permissions rp
             JOIN app.permissions p ON ((p.id = rp.permission_id)))
          WHERE (rp.role_id = r.id)
          ORDER BY p.name), '{}'::text[]) AS permissions
   FROM app.roles r;

grant select on table api.roles to authenticated;

comment on view api.roles is 'Every role with its permissions.';
