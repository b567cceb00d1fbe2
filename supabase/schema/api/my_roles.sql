-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.my_roles with (security_invoker=true) as
 SELECT r.name,
    r.description
   FROM (app.user_roles ur
     JOIN app.roles r ON ((r.id = ur.role_id)))
  WHERE (ur.user_id = ( SELECT app.current_user_id() AS current_user_id));

grant select on table api.my_roles to authenticated;

comment on view api.my_roles is 'The roles the signed-in user holds.';
