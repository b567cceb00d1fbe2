-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_create_role(name text DEFAULT NULL::text, description text DEFAULT ''::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_superadmin();
begin
  perform private.check_rbac_name(admin_create_role.name, 'role');
  if char_length(admin_create_role.description) > 500 then
    raise exception using errcode = 'PT400', message = 'Description is too long: at most 500 characters';
  end if;
  insert into app.roles (name, description) values (admin_create_role.name, coalesce(admin_create_role.description, ''));
  perform app.log_activity('admin.role_created', me, 'role', admin_create_role.name);
exception
  when unique_violation then
    raise exception using errcode = 'PT409', message = 'A role with this name already exists';
end
$function$;
grant execute on function api.admin_create_role(name text, description text) to authenticated;
comment on function api.admin_create_role(name text, description text) is 'Superadmins only. Creates a role.';
