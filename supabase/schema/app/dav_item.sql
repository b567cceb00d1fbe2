-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.dav_item(file_id uuid, folder_id uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_permission('files.write');
begin
  if file_id is not null then
    perform app.owned_file(file_id);
  elsif folder_id is not null then
    perform app.owned_folder(folder_id);
  elsif not app.token_allows_folder(null) then
    -- A folder-limited token's root is its folder, never the drive's root.
    raise exception using errcode = '42501', message = 'This access token is limited to one folder.';
  end if;
  return uid;
end
$function$;
