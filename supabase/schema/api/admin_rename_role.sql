-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_rename_role(name text DEFAULT NULL::text, new_name text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_superadmin();
  target app.roles := private.existing_role(admin_rename_role.name);
begin
  perform private.check_rbac_name(admin_rename_role.new_name, 'role');
  if target.is_system then
    raise exception using errcode = 'PT409', message = 'System roles cannot be renamed';
  end if;
  update app.roles set name = admin_rename_role.new_name where id = target.id;
  perform app.log_activity('admin.role_renamed', me, 'role', target.id::text,
    jsonb_build_object('from', target.name, 'to', admin_rename_role.new_name));
exception
  when unique_violation then
    raise exception using errcode = 'PT409', message = 'A role with this name already exists';
end
$function$;
grant execute on function api.admin_rename_role(name text, new_name text) to authenticated;
comment on function api.admin_rename_role(name text, new_name text) is 'Superadmins only. Renames a role that is not a system role.';
