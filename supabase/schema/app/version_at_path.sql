-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.version_at_path(path text)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  parts text[] := app.split_path(path);
  uid uuid := app.require_user_id();
  parent uuid := null;
  target uuid;
  i integer;
begin
  for i in 1 .. cardinality(parts) - 1 loop
    select id into parent from app.folders
    where owner_id = uid and parent_id is not distinct from parent and lower(name) = lower(parts[i]) and trashed_at is null;
    if parent is null then
      return null;
    end if;
  end loop;
  select id into target from app.files
  where owner_id = uid and folder_id is not distinct from parent
    and lower(name) = lower(parts[cardinality(parts)]) and trashed_at is null;
  if target is null then
    return null;
  end if;
  return app.version_for_download(target, null);
end
$function$;
grant execute on function app.version_at_path(path text) to authenticated;
