-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_disable_user(user_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_permission('users.manage');
  target uuid := private.existing_user(admin_disable_user.user_id);
begin
  if target = me then
    raise exception using errcode = 'PT400', message = 'You cannot disable your own account';
  end if;
  if exists (select from app.user_roles ur join app.roles r on r.id = ur.role_id
             where ur.user_id = target and r.name = 'superadmin') then
    if not app.user_has_role('superadmin') then
      raise exception using errcode = '42501', message = 'Only a superadmin can disable a superadmin';
    end if;
    if private.enabled_superadmins() <= 1 then
      raise exception using errcode = 'PT409', message = 'The last superadmin cannot be disabled';
    end if;
  end if;
  update app.users set disabled_at = coalesce(disabled_at, now()) where id = target;
  perform private.end_sessions(target, 'disabled');
  perform app.log_activity('admin.user_disabled', me, 'user', target::text);
  return private.admin_user_json(target);
end
$function$;
grant execute on function api.admin_disable_user(user_id uuid) to authenticated;
comment on function api.admin_disable_user(user_id uuid) is 'Needs users.manage. Disables an account and ends its sessions at once.';
