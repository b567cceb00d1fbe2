-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.type_group_of(mime text)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select coalesce(
    (select g.type_group from app.mime_type_groups g
      where g.mime_pattern in (lower(btrim(split_part(mime, ';', 1))), split_part(lower(btrim(mime)), '/', 1) || '/*')
      order by g.mime_pattern like '%/*' limit 1),
    'other')
$function$;
grant execute on function app.type_group_of(mime text) to authenticated;
grant execute on function app.type_group_of(mime text) to service_role;
