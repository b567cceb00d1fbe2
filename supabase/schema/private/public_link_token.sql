-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.public_link_token(nonce uuid)
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  secret text := private.setting('files.public_link_secret');
begin
  if secret is null then
    raise exception using errcode = 'P0001', message = 'private.settings has no files.public_link_secret.';
  end if;
  -- 32 bytes encode to 44 base64 characters: no line break, one '=' to drop.
  return translate(rtrim(encode(extensions.hmac(convert_to('pgdrive public link ' || nonce::text, 'UTF8'),
    convert_to(secret, 'UTF8'), 'sha256'), 'base64'), '='), '+/', '-_');
end
$function$;
comment on function private.public_link_token(nonce uuid) is 'The public link token of a share nonce (an HMAC under files.public_link_secret).';
