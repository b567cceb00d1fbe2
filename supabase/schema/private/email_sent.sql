-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.email_sent(email_id bigint)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  update private.email_outbox
  set status = 'sent', sent_at = now(), secret = null, last_error = null
  where id = email_id
$function$;
grant execute on function private.email_sent(email_id bigint) to service_role;
