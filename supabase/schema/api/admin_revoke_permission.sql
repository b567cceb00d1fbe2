-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_revoke_permission(role text DEFAULT NULL::text, permission text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_superadmin();
  target_role app.roles := private.existing_role(admin_revoke_permission.role);
  target_permission app.permissions := private.existing_permission(admin_revoke_permission.permission);
begin
  delete from app.role_permissions rp where rp.role_id = target_role.id and rp.permission_id = target_permission.id;
  if found then
    perform app.log_activity('admin.permission_revoked', me, 'role', target_role.id::text,
      jsonb_build_object('role', target_role.name, 'permission', target_permission.name));
  end if;
end
$function$;
grant execute on function api.admin_revoke_permission(role text, permission text) to authenticated;
comment on function api.admin_revoke_permission(role text, permission text) is 'Superadmins only. Takes a permission away from a role.';
