-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.my_permissions with (security_invoker=true) as
 SELECT DISTINCT p.name,
    p.description
   FROM ((app.user_roles ur
     JOIN app.roles r ON ((r.id = ur.role_id)))
     JOIN app.permissions p ON (((r.name = 'superadmin'::text) OR (EXISTS ( SELECT
           FROM app.role_permissions rp
          WHERE ((rp.role_id = r.id) AND (rp.permission_id = p.id)))))))
  WHERE (ur.user_id = ( SELECT app.current_user_id() AS current_user_id));

grant select on table api.my_permissions to authenticated;

comment on view api.my_permissions is 'The permissions the signed-in user holds through their roles.';
