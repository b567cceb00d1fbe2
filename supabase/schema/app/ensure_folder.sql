-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.ensure_folder(owner uuid, parent uuid, folder_name text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  found_id uuid;
begin
  select id into found_id from app.folders
  where owner_id = owner and parent_id is not distinct from parent
    and lower(name) = lower(folder_name) and trashed_at is null;
  if found_id is not null then
    return found_id;
  end if;
  insert into app.folders (owner_id, parent_id, name) values (owner, parent, folder_name)
  on conflict (owner_id, (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid)), (lower(name)))
    where trashed_at is null
  do nothing
  returning id into found_id;
  if found_id is null then
    -- Another transaction created it a moment ago.
    select id into found_id from app.folders
    where owner_id = owner and parent_id is not distinct from parent
      and lower(name) = lower(folder_name) and trashed_at is null;
  end if;
  return found_id;
end
$function$;
