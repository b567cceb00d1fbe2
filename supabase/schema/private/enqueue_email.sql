-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.enqueue_email(to_address text, subject text, body_text text, kind text DEFAULT 'generic'::text, secret text DEFAULT NULL::text)
 RETURNS bigint
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  insert into private.email_outbox (to_address, subject, body_text, kind, secret)
  values (enqueue_email.to_address, enqueue_email.subject, enqueue_email.body_text, enqueue_email.kind, enqueue_email.secret)
  returning id
$function$;
