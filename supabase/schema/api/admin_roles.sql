-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_roles()
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  perform app.require_live_session();
  perform private.require_permission('roles.manage');
  return jsonb_build_object(
    'roles', coalesce((
      select jsonb_agg(jsonb_build_object(
        'name', r.name, 'description', r.description, 'is_system', r.is_system,
        'users', (select count(*) from app.user_roles ur where ur.role_id = r.id)
      ) order by r.is_system desc, r.created_at, r.name)
      from app.roles r
    ), '[]'),
    'permissions', coalesce((
      select jsonb_agg(jsonb_build_object('name', p.name, 'description', p.description, 'is_system', p.is_system)
        order by p.name)
      from app.permissions p
    ), '[]'),
    'grants', coalesce((
      select jsonb_agg(jsonb_build_object('role', r.name, 'permission', p.name) order by r.name, p.name)
      from app.role_permissions rp
      join app.roles r on r.id = rp.role_id
      join app.permissions p on p.id = rp.permission_id
    ), '[]')
  );
end
$function$;
grant execute on function api.admin_roles() to authenticated;
comment on function api.admin_roles() is 'Needs roles.manage. The role x permission matrix: {roles: [{name, description, is_system, users}], permissions: [{name, description, is_system}], grants: [{role, permission}]}.';
