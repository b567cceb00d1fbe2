-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.user_has_permission(permission_name text)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select (
      not (app.jwt_claims() ? 'scopes')
      or (permission_name = 'files.write' and (app.jwt_claims() -> 'scopes') ? 'files:write')
    )
    and exists (
      select from app.user_roles ur
      join app.roles r on r.id = ur.role_id
      where ur.user_id = app.current_user_id()
        and (
          r.name = 'superadmin'
          or exists (
            select from app.role_permissions rp
            join app.permissions p on p.id = rp.permission_id
            where rp.role_id = r.id and p.name = permission_name
          )
        )
    )
$function$;
grant execute on function app.user_has_permission(permission_name text) to anon;
grant execute on function app.user_has_permission(permission_name text) to authenticated;
grant execute on function app.user_has_permission(permission_name text) to service_role;
comment on function app.user_has_permission(permission_name text) is 'True when the caller holds the permission through a role (superadmin: always); an access token session holds only files.write, and only with files:write.';
