-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.refuse_activity_log_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  if current_user in ('anon', 'authenticated', 'service_role', 'authenticator') then
    raise exception using errcode = '42501', message = 'The activity log is append-only';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$function$;
