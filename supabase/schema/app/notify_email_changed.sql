-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.notify_email_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  perform app.notify(new.id, 'email_changed',
    jsonb_build_object('from', old.email::text, 'to', new.email::text));
  return new;
end
$function$;
