-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.share_link_password(link_type text, password text)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  policy jsonb := private.sharing_policy(link_type);
  min_length integer := (policy ->> 'min_password_length')::integer;
begin
  if password is null or password = '' then
    if (policy ->> 'password_required')::boolean then
      raise exception using errcode = 'PT400',
        message = format('A %s link needs a password of at least %s characters.', link_type, min_length);
    end if;
    return null;
  end if;
  if char_length(password) < min_length then
    raise exception using errcode = 'PT400',
      message = format('A link password needs at least %s characters.', min_length);
  end if;
  if octet_length(password) > 1000 then
    raise exception using errcode = 'PT400', message = 'A link password can be at most 1000 bytes long.';
  end if;
  -- bcrypt at the accounts' cost (bcrypt_cost, 10 by default).
  return private.hash_password(password);
end
$function$;
