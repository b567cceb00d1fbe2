-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.require_user_id()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.current_user_id();
begin
  if uid is null then
    raise exception using errcode = '42501', message = 'Sign in first.';
  end if;
  return uid;
end
$function$;
grant execute on function app.require_user_id() to authenticated;
grant execute on function app.require_user_id() to service_role;
