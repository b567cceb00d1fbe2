-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_delete_permission(name text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_superadmin();
  target app.permissions := private.existing_permission(admin_delete_permission.name);
begin
  if target.is_system then
    raise exception using errcode = 'PT409', message = 'System permissions cannot be deleted';
  end if;
  delete from app.permissions where id = target.id;
  perform app.log_activity('admin.permission_deleted', me, 'permission', target.id::text, jsonb_build_object('name', target.name));
end
$function$;
grant execute on function api.admin_delete_permission(name text) to authenticated;
comment on function api.admin_delete_permission(name text) is 'Superadmins only. Deletes a permission that is not a system permission.';
