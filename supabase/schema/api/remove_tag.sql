-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.remove_tag(file_id uuid, tag_id uuid)
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
  delete from app.file_tags ft where ft.file_id = file_id and ft.tag_id = tag_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'That tag is not on this file.';
  end if;
  return app.file_tag_list(file_id);
end
$function$;
grant execute on function api.remove_tag(file_id uuid, tag_id uuid) to authenticated;
comment on function api.remove_tag(file_id uuid, tag_id uuid) is 'Removes one tag from your file (DELETE /files/{id}/tags/{tag_id}); the tag stays in your vocabulary. Returns the file''s tags.';
