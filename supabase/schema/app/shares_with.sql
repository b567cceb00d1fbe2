-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.shares_with(other_user uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select false
$function$;
grant execute on function app.shares_with(other_user uuid) to authenticated;
grant execute on function app.shares_with(other_user uuid) to service_role;
comment on function app.shares_with(other_user uuid) is 'True when the caller and other_user share with each other (none yet: the sharing feature fills it in).';
