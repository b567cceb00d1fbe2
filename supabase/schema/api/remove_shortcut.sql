-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.remove_shortcut(shortcut_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
begin
  delete from app.shortcuts c where c.id = shortcut_id and c.user_id = uid;
  if not found then
    raise exception using errcode = 'PT404', message = 'Shortcut not found.';
  end if;
end
$function$;
grant execute on function api.remove_shortcut(shortcut_id uuid) to authenticated;
comment on function api.remove_shortcut(shortcut_id uuid) is 'Removes one of your shortcuts; the shared item and your access to it are unchanged.';
