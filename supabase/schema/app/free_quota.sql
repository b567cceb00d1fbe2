-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.free_quota()
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select coalesce(
    nullif(private.setting('files.default_quota'), '')::bigint,
    (select p.quota_bytes from app.plans p where p.code = 'free'),
    1073741824
  )
$function$;
grant execute on function app.free_quota() to anon;
grant execute on function app.free_quota() to authenticated;
grant execute on function app.free_quota() to service_role;
comment on function app.free_quota() is 'Bytes a user without a paid plan may store.';
