-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.assert_folder_usable(target uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  if target is not null and not exists (
    select from app.folders
    where id = target and owner_id = app.current_user_id() and trashed_at is null
  ) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
end
$function$;
grant execute on function app.assert_folder_usable(target uuid) to authenticated;
grant execute on function app.assert_folder_usable(target uuid) to service_role;
