-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.verify_password(user_id uuid, password text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  if password is null or octet_length(password) > 1000 or not exists (
    select from app.users u
    where u.id = verify_password.user_id
      and extensions.crypt(verify_password.password, u.password_hash) = u.password_hash
  ) then
    raise exception using errcode = 'PT400', message = 'Current password is incorrect';
  end if;
end
$function$;
