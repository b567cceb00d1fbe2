-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.file_tags_limit()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if exists (
    select from app.file_tags t
    where t.file_id in (select n.file_id from new_links n)
    group by t.file_id
    having count(*) > 50
  ) then
    raise exception using errcode = 'P0001', message = 'A file can carry at most 50 tags.',
      hint = 'Remove a tag before adding another.';
  end if;
  return null;
end
$function$;
