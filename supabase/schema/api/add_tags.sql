-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.add_tags(file_id uuid, tags text[])
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  me uuid := app.require_permission('files.write');
begin
  if not exists (select from app.files f where f.id = file_id and f.owner_id = me) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  perform app.attach_tags(file_id, me, tags);
  return app.file_tag_list(file_id);
end
$function$;
grant execute on function api.add_tags(file_id uuid, tags text[]) to authenticated;
comment on function api.add_tags(file_id uuid, tags text[]) is 'Adds tags to your file (POST /files/{id}/tags). Names are lower-cased, trimmed and de-duplicated; 1 to 50 characters each, at most 50 per file. Returns the file''s tags [{id, name}].';
