-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.stay_in_token_folder()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  place uuid;
begin
  if app.token_folder() is null then
    return new;
  end if;
  if tg_table_name = 'folders' then
    if tg_op = 'UPDATE' and new.parent_id is not distinct from old.parent_id then
      return new;
    end if;
    place := new.parent_id;
  else
    if tg_op = 'UPDATE' and new.folder_id is not distinct from old.folder_id then
      return new;
    end if;
    place := new.folder_id;
  end if;
  if not app.token_allows_folder(place) then
    raise exception using errcode = '42501',
      message = 'This access token is limited to one folder, and that place is outside it.';
  end if;
  return new;
end
$function$;
comment on function app.stay_in_token_folder() is 'Trigger: a folder-limited access token writes nothing outside its folder.';
