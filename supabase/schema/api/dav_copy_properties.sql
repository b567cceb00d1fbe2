-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.dav_copy_properties(from_file uuid DEFAULT NULL::uuid, from_folder uuid DEFAULT NULL::uuid, to_file uuid DEFAULT NULL::uuid, to_folder uuid DEFAULT NULL::uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.dav_item(to_file, to_folder);
begin
  perform app.dav_item(from_file, from_folder);
  delete from app.dav_properties p where p.owner_id = uid
    and p.file_id is not distinct from to_file and p.folder_id is not distinct from to_folder;
  insert into app.dav_properties (owner_id, file_id, folder_id, namespace, name, value)
  select uid, to_file, to_folder, p.namespace, p.name, p.value from app.dav_properties p
  where p.owner_id = uid and p.file_id is not distinct from from_file and p.folder_id is not distinct from from_folder;
end
$function$;
grant execute on function api.dav_copy_properties(from_file uuid, from_folder uuid, to_file uuid, to_folder uuid) to authenticated;
comment on function api.dav_copy_properties(from_file uuid, from_folder uuid, to_file uuid, to_folder uuid) is 'WebDAV COPY: gives the copy the dead properties of its source.';
