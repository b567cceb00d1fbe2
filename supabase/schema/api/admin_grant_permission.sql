-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_grant_permission(role text DEFAULT NULL::text, permission text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_superadmin();
  target_role app.roles := private.existing_role(admin_grant_permission.role);
  target_permission app.permissions := private.existing_permission(admin_grant_permission.permission);
begin
  insert into app.role_permissions (role_id, permission_id) values (target_role.id, target_permission.id)
  on conflict do nothing;
  if found then
    perform app.log_activity('admin.permission_granted', me, 'role', target_role.id::text,
      jsonb_build_object('role', target_role.name, 'permission', target_permission.name));
  end if;
end
$function$;
grant execute on function api.admin_grant_permission(role text, permission text) to authenticated;
comment on function api.admin_grant_permission(role text, permission text) is 'Superadmins only. Gives a role a permission.';
