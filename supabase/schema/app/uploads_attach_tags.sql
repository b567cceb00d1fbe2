-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.uploads_attach_tags()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if new.status = 'completed' and old.status is distinct from 'completed'
     and new.file_id is not null and cardinality(new.tags) > 0 then
    perform app.attach_tags(new.file_id, new.owner_id, new.tags);
  end if;
  return null;
end
$function$;
