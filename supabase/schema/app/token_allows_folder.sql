-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.token_allows_folder(place uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  root uuid := app.token_folder();
  cur uuid := place;
  depth integer := 0;
begin
  if root is null then
    return true;
  end if;
  while cur is not null and depth < 10000 loop
    if cur = root then
      return true;
    end if;
    select f.parent_id into cur from app.folders f where f.id = cur;
    if not found then
      return false;
    end if;
    depth := depth + 1;
  end loop;
  return false;
end
$function$;
grant execute on function app.token_allows_folder(place uuid) to authenticated;
comment on function app.token_allows_folder(place uuid) is 'True when the folder (null: the root) is inside the access token''s folder, or the session is not folder-limited.';
