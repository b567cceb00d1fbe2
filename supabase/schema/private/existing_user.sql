-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.existing_user(user_id uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  if user_id is null or not exists (select from app.users u where u.id = existing_user.user_id) then
    raise exception using errcode = 'PT404', message = 'No such user';
  end if;
  return user_id;
end
$function$;
