-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.thumbnails_collect_object()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if old.object_key is not null then
    perform app.enqueue_unreferenced_object(old.object_key);
  end if;
  return old;
end
$function$;
