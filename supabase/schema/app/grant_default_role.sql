-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.grant_default_role()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  insert into app.user_roles (user_id, role_id)
  select new.id, r.id from app.roles r where r.name = 'editor'
  on conflict do nothing;
  return new;
end
$function$;
