-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.owned_item_name(owner uuid, file_id uuid, folder_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  found_name text;
begin
  if num_nonnulls(file_id, folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if file_id is not null then
    select f.name into found_name from app.files f where f.id = owned_item_name.file_id and f.owner_id = owner and f.trashed_at is null;
    if found_name is null then
      raise exception using errcode = 'PT404', message = 'File not found.';
    end if;
  else
    select d.name into found_name from app.folders d where d.id = owned_item_name.folder_id and d.owner_id = owner and d.trashed_at is null;
    if found_name is null then
      raise exception using errcode = 'PT404', message = 'Folder not found.';
    end if;
  end if;
  return found_name;
end
$function$;
