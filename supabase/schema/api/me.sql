-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.me()
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select private.user_json(private.require_user())
$function$;
grant execute on function api.me() to authenticated;
comment on function api.me() is 'The signed-in user''s account: id, email, name, bio, avatar_url, created_at, app_roles, email_confirmed_at, pending_email (an email change waiting for its link).';
