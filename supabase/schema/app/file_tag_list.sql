-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.file_tag_list(target_file uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) order by t.name), '[]')
  from app.file_tags ft join app.tags t on t.id = ft.tag_id
  where ft.file_id = target_file
$function$;
grant execute on function app.file_tag_list(target_file uuid) to authenticated;
grant execute on function app.file_tag_list(target_file uuid) to service_role;
