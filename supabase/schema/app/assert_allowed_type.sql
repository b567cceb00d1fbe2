-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.assert_allowed_type(file_name text, mime text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  -- The extension Windows sees: trailing dots and spaces are dropped when it saves a file.
  ext text := lower(substring(rtrim(file_name, '. ') from '\.([^.]+)$'));
begin
  if ext is not null and exists (select from app.denied_file_types where kind = 'extension' and value = ext) then
    raise exception using errcode = 'PT415',
      message = format('Files ending in ".%s" cannot be stored: executables and scripts are refused.', ext);
  end if;
  if exists (select from app.denied_file_types where kind = 'mime' and value = lower(mime)) then
    raise exception using errcode = 'PT415',
      message = format('Files of type %s cannot be stored: executables and scripts are refused.', lower(mime));
  end if;
end
$function$;
grant execute on function app.assert_allowed_type(file_name text, mime text) to authenticated;
grant execute on function app.assert_allowed_type(file_name text, mime text) to service_role;
