-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.owned_folder(target uuid)
 RETURNS app.folders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_user_id();
  found_folder app.folders;
begin
  select * into found_folder from app.folders where id = target and owner_id = uid for update;
  if not found or not app.token_allows_folder(found_folder.id) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  return found_folder;
end
$function$;
