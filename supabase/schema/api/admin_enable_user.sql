-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_enable_user(user_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_permission('users.manage');
  target uuid := private.existing_user(admin_enable_user.user_id);
begin
  update app.users set disabled_at = null where id = target;
  perform app.log_activity('admin.user_enabled', me, 'user', target::text);
  return private.admin_user_json(target);
end
$function$;
grant execute on function api.admin_enable_user(user_id uuid) to authenticated;
comment on function api.admin_enable_user(user_id uuid) is 'Needs users.manage. Lets a disabled account sign in again.';
