-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.sign_jwt(claims jsonb)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  secret text := private.setting('jwt_secret');
  signing_input text;
begin
  if secret is null or length(secret) < 32 then
    raise exception using errcode = 'PT500', message = 'The JWT secret is not configured';
  end if;
  signing_input := private.base64url(convert_to('{"alg":"HS256","typ":"JWT"}', 'UTF8'))
    || '.' || private.base64url(convert_to(claims::text, 'UTF8'));
  return signing_input || '.' || private.base64url(
    extensions.hmac(convert_to(signing_input, 'UTF8'), convert_to(secret, 'UTF8'), 'sha256')
  );
end
$function$;
