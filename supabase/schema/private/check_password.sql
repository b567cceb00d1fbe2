-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.check_password(password text, email text, for_admin boolean)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  min_chars integer := case when for_admin then 10 else 8 end;
  lowered text := lower(btrim(password));
  local_part text := split_part(split_part(lower(btrim(coalesce(email, ''))), '@', 1), '+', 1);
begin
  if password is null then
    raise exception using errcode = 'PT400', message = 'A password is required';
  elsif octet_length(password) > 72 then
    raise exception using errcode = 'PT400', message = 'Password is too long: at most 72 bytes',
      hint = 'bcrypt ignores everything after 72 bytes, so longer passwords are refused rather than silently cut.';
  elsif char_length(password) < min_chars then
    raise exception using errcode = 'PT400',
      message = format('Password is too short: at least %s characters%s', min_chars, case when for_admin then ' for an administrator' else '' end);
  elsif private.is_trivial_password(password) then
    raise exception using errcode = 'PT400', message = 'Password is too easy to guess: it repeats one character or follows a sequence';
  elsif exists (select from private.common_passwords c where c.password = lowered) then
    raise exception using errcode = 'PT400', message = 'Password is too common: it is on lists of leaked passwords',
      hint = 'Choose a longer phrase that you use nowhere else.';
  elsif char_length(local_part) >= 4 and position(local_part in lower(password)) > 0 then
    raise exception using errcode = 'PT400', message = 'Password must not contain your email address';
  elsif position('pgdrive' in lower(password)) > 0 then
    raise exception using errcode = 'PT400', message = 'Password must not contain the name of this service';
  end if;
end
$function$;
