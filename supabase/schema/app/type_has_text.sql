-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.type_has_text(mime text)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select coalesce(
    (select g.has_text from app.mime_type_groups g
      where g.mime_pattern in (lower(btrim(split_part(mime, ';', 1))), split_part(lower(btrim(mime)), '/', 1) || '/*')
      order by g.mime_pattern like '%/*' limit 1),
    false)
$function$;
grant execute on function app.type_has_text(mime text) to authenticated;
grant execute on function app.type_has_text(mime text) to service_role;
