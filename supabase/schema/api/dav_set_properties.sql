-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.dav_set_properties(file_id uuid DEFAULT NULL::uuid, folder_id uuid DEFAULT NULL::uuid, changes jsonb DEFAULT '[]'::jsonb)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.dav_item(file_id, folder_id);
  change jsonb;
begin
  if jsonb_typeof(changes) <> 'array' or jsonb_array_length(changes) > 1000 then
    raise exception using errcode = 'PT400', message = 'changes is an array of at most 1000 {namespace, name, value}.';
  end if;
  for change in select * from jsonb_array_elements(changes) loop
    delete from app.dav_properties p
    where p.owner_id = uid and p.file_id is not distinct from file_id and p.folder_id is not distinct from folder_id
      and p.namespace = coalesce(change ->> 'namespace', '') and p.name = change ->> 'name';
    if change ->> 'value' is not null then
      insert into app.dav_properties (owner_id, file_id, folder_id, namespace, name, value)
      values (uid, file_id, folder_id, coalesce(change ->> 'namespace', ''), change ->> 'name', change ->> 'value');
    end if;
  end loop;
exception
  when check_violation or not_null_violation then
    raise exception using errcode = 'PT400', message = 'A property name or value is empty or too long.';
end
$function$;
grant execute on function api.dav_set_properties(file_id uuid, folder_id uuid, changes jsonb) to authenticated;
comment on function api.dav_set_properties(file_id uuid, folder_id uuid, changes jsonb) is 'WebDAV PROPPATCH: sets ([{namespace, name, value}]) or removes (value null) dead properties of a file, a folder or the root, all or none.';
