-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.access_token_policy()
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select jsonb_build_object(
    'default_ttl_seconds', private.setting_int('access_tokens.default_ttl_seconds', 7776000),
    'max_ttl_seconds', private.setting_int('access_tokens.max_ttl_seconds', 31622400),
    'allow_never', coalesce(private.setting('access_tokens.allow_never'), 'false') = 'true',
    'max_per_user', private.setting_int('access_tokens.max_per_user', 50),
    'scopes', jsonb_build_array('files:read', 'files:write'))
$function$;
grant execute on function api.access_token_policy() to authenticated;
comment on function api.access_token_policy() is 'The rules api.create_access_token applies: default_ttl_seconds, max_ttl_seconds, allow_never (expires_in 0), max_per_user, scopes.';
