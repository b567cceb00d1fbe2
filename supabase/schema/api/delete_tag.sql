-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.delete_tag(tag_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  me uuid := app.require_permission('files.write');
begin
  delete from app.tags t where t.id = tag_id and t.owner_id = me;
  if not found then
    raise exception using errcode = 'PT404', message = 'Tag not found.';
  end if;
end
$function$;
grant execute on function api.delete_tag(tag_id uuid) to authenticated;
comment on function api.delete_tag(tag_id uuid) is 'Deletes your tag and removes it from every file.';
