-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.require_permission(permission_name text)
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_user_id();
begin
  if not app.user_has_permission(permission_name) then
    raise exception using errcode = '42501',
      message = format('Not allowed: this needs the %s permission, which none of your roles grants.', permission_name),
      hint = 'An administrator can give you a role that includes it.';
  end if;
  return uid;
end
$function$;
grant execute on function app.require_permission(permission_name text) to authenticated;
grant execute on function app.require_permission(permission_name text) to service_role;
comment on function app.require_permission(permission_name text) is 'The caller''s id when their roles grant the permission, else 42501 naming it.';
