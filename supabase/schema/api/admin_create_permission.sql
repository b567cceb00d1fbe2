-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_create_permission(name text DEFAULT NULL::text, description text DEFAULT ''::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_superadmin();
begin
  perform private.check_rbac_name(admin_create_permission.name, 'permission');
  if char_length(admin_create_permission.description) > 500 then
    raise exception using errcode = 'PT400', message = 'Description is too long: at most 500 characters';
  end if;
  insert into app.permissions (name, description)
  values (admin_create_permission.name, coalesce(admin_create_permission.description, ''));
  perform app.log_activity('admin.permission_created', me, 'permission', admin_create_permission.name);
exception
  when unique_violation then
    raise exception using errcode = 'PT409', message = 'A permission with this name already exists';
end
$function$;
grant execute on function api.admin_create_permission(name text, description text) to authenticated;
comment on function api.admin_create_permission(name text, description text) is 'Superadmins only. Creates a permission named resource.action.';
