-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_delete_role(name text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_superadmin();
  target app.roles := private.existing_role(admin_delete_role.name);
begin
  if target.is_system then
    raise exception using errcode = 'PT409', message = 'System roles cannot be deleted';
  end if;
  delete from app.roles where id = target.id;
  perform app.log_activity('admin.role_deleted', me, 'role', target.id::text, jsonb_build_object('name', target.name));
end
$function$;
grant execute on function api.admin_delete_role(name text) to authenticated;
comment on function api.admin_delete_role(name text) is 'Superadmins only. Deletes a role that is not a system role; its holders lose it.';
