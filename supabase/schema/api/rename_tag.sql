-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.rename_tag(tag_id uuid, name text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  me uuid := app.require_permission('files.write');
  clean text := (app.clean_tag_names(array[name]))[1];
  renamed app.tags;
begin
  if exists (select from app.tags t where t.owner_id = me and t.name = clean and t.id <> tag_id) then
    raise exception using errcode = '23505', message = 'You already have a tag with that name.',
      hint = 'Merge the two tags instead.';
  end if;
  update app.tags t set name = clean where t.id = tag_id and t.owner_id = me returning * into renamed;
  if renamed.id is null then
    raise exception using errcode = 'PT404', message = 'Tag not found.';
  end if;
  return jsonb_build_object('id', renamed.id, 'name', renamed.name, 'created_at', renamed.created_at);
end
$function$;
grant execute on function api.rename_tag(tag_id uuid, name text) to authenticated;
comment on function api.rename_tag(tag_id uuid, name text) is 'Renames your tag everywhere it is used. 409 when you already have a tag with that name: merge them instead.';
