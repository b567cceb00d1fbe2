-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_rename_permission(name text DEFAULT NULL::text, new_name text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_superadmin();
  target app.permissions := private.existing_permission(admin_rename_permission.name);
begin
  perform private.check_rbac_name(admin_rename_permission.new_name, 'permission');
  if target.is_system then
    raise exception using errcode = 'PT409', message = 'System permissions cannot be renamed';
  end if;
  update app.permissions set name = admin_rename_permission.new_name where id = target.id;
  perform app.log_activity('admin.permission_renamed', me, 'permission', target.id::text,
    jsonb_build_object('from', target.name, 'to', admin_rename_permission.new_name));
exception
  when unique_violation then
    raise exception using errcode = 'PT409', message = 'A permission with this name already exists';
end
$function$;
grant execute on function api.admin_rename_permission(name text, new_name text) to authenticated;
comment on function api.admin_rename_permission(name text, new_name text) is 'Superadmins only. Renames a permission that is not a system permission.';
