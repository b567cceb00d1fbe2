-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.merge_tags(source_id uuid, target_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  me uuid := app.require_permission('files.write');
  target app.tags;
begin
  select * into target from app.tags t where t.id = target_id and t.owner_id = me;
  if target.id is null or not exists (select from app.tags t where t.id = source_id and t.owner_id = me) then
    raise exception using errcode = 'PT404', message = 'Tag not found.';
  end if;
  if source_id = target_id then
    raise exception using errcode = '22023', message = 'A tag cannot be merged into itself.';
  end if;
  -- Move the links in one statement, so a file at the 50-tag limit that
  -- carries the source tag is never counted with both.
  with moved as (
    delete from app.file_tags ft where ft.tag_id = source_id returning ft.file_id
  )
  insert into app.file_tags (file_id, tag_id, owner_id)
  select moved.file_id, target_id, me from moved
  on conflict do nothing;
  delete from app.tags t where t.id = source_id;
  return jsonb_build_object('id', target.id, 'name', target.name, 'created_at', target.created_at);
end
$function$;
grant execute on function api.merge_tags(source_id uuid, target_id uuid) to authenticated;
comment on function api.merge_tags(source_id uuid, target_id uuid) is 'Moves every file of the source tag to the target tag and deletes the source. Returns the target tag.';
