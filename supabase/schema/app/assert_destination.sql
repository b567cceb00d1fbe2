-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.assert_destination(owner uuid, target uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if owner = app.current_user_id() then
    perform app.assert_folder_usable(target);
  elsif target is null or not exists (
    select from app.folders d
    where d.id = target and d.owner_id = owner and d.trashed_at is null
      and d.id in (select app.shared_folders(true))
  ) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
end
$function$;
comment on function app.assert_destination(owner uuid, target uuid) is 'PT404 unless the caller may put an item of owner into folder target (null: the owner''s root, for the owner only).';
