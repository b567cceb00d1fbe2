-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.owned_file(target uuid)
 RETURNS app.files
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_user_id();
  found_file app.files;
begin
  select * into found_file from app.files where id = target and owner_id = uid for update;
  if not found or not app.token_allows_folder(found_file.folder_id) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return found_file;
end
$function$;
