-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.too_many_attempts(seconds integer)
 RETURNS jsonb
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  select private.http_error(
    429, 'PT429', 'Too many attempts. Try again later.',
    format('Retry after %s seconds', seconds), seconds
  )
$function$;
