-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.check_password(password text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
  if password is null then
    raise exception using errcode = 'PT400', message = 'A password is required';
  elsif octet_length(password) > 72 then
    raise exception using errcode = 'PT400', message = 'Password is too long: at most 72 bytes',
      hint = 'bcrypt ignores everything after 72 bytes, so longer passwords are refused rather than silently cut.';
  elsif char_length(password) < 8 then
    raise exception using errcode = 'PT400', message = 'Password is too short: at least 8 characters';
  end if;
end
$function$;
