-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.expire_uploads()
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  expired integer;
begin
  delete from app.uploads where status = 'pending' and expires_at <= now();
  get diagnostics expired = row_count;
  delete from app.uploads where status = 'completed' and completed_at < now() - interval '1 day';
  return expired;
end
$function$;
grant execute on function app.expire_uploads() to service_role;
