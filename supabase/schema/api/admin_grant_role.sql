-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_grant_role(user_id uuid DEFAULT NULL::uuid, role text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_permission('users.manage');
  target uuid := private.existing_user(admin_grant_role.user_id);
  granted app.roles := private.existing_role(admin_grant_role.role);
begin
  perform private.check_can_assign(granted);
  insert into app.user_roles (user_id, role_id, granted_by) values (target, granted.id, me)
  on conflict do nothing;
  if found then
    perform app.log_activity('admin.role_granted', me, 'user', target::text, jsonb_build_object('role', granted.name));
  end if;
  return private.admin_user_json(target);
end
$function$;
grant execute on function api.admin_grant_role(user_id uuid, role text) to authenticated;
comment on function api.admin_grant_role(user_id uuid, role text) is 'Needs users.manage and every permission of the role (superadmin: superadmins only).';
