-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.sharing_policy()
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select jsonb_object_agg(t.type, private.sharing_policy(t.type))
  from (values ('view'), ('edit'), ('file_drop'), ('preview_only')) t (type)
$function$;
grant execute on function api.sharing_policy() to anon;
grant execute on function api.sharing_policy() to authenticated;
comment on function api.sharing_policy() is 'The share link policy for each type (view, edit, file_drop, preview_only): default_expiry_days, max_expiry_days (counted from today), allow_no_expiry, password_required, min_password_length.';
