-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_revoke_role(user_id uuid DEFAULT NULL::uuid, role text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_permission('users.manage');
  target uuid := private.existing_user(admin_revoke_role.user_id);
  revoked app.roles := private.existing_role(admin_revoke_role.role);
begin
  perform private.check_can_assign(revoked);
  if revoked.name = 'superadmin'
     and exists (select from app.user_roles ur where ur.user_id = target and ur.role_id = revoked.id)
     and exists (select from app.users u where u.id = target and u.disabled_at is null)
     and private.enabled_superadmins() <= 1 then
    raise exception using errcode = 'PT409', message = 'The last superadmin cannot be demoted';
  end if;
  if target = me then
    raise exception using errcode = 'PT400', message = 'You cannot revoke your own roles: ask another administrator';
  end if;
  delete from app.user_roles ur where ur.user_id = target and ur.role_id = revoked.id;
  if found then
    perform app.log_activity('admin.role_revoked', me, 'user', target::text, jsonb_build_object('role', revoked.name));
  end if;
  return private.admin_user_json(target);
end
$function$;
grant execute on function api.admin_revoke_role(user_id uuid, role text) to authenticated;
comment on function api.admin_revoke_role(user_id uuid, role text) is 'Needs users.manage and every permission of the role; nobody revokes their own roles, and the last superadmin cannot be demoted.';
