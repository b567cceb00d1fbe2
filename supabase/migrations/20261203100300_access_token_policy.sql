/*
 * The access token policy, published: the web's "Access tokens" form offers
 * "never expires" only where access_tokens.allow_never allows it and no
 * expiry longer than access_tokens.max_ttl_seconds, so it must read the same
 * settings api.create_access_token enforces rather than guess them.
 */
create function api.access_token_policy()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'default_ttl_seconds', private.setting_int('access_tokens.default_ttl_seconds', 7776000),
    'max_ttl_seconds', private.setting_int('access_tokens.max_ttl_seconds', 31622400),
    'allow_never', coalesce(private.setting('access_tokens.allow_never'), 'false') = 'true',
    'max_per_user', private.setting_int('access_tokens.max_per_user', 50),
    'scopes', jsonb_build_array('files:read', 'files:write'))
$$;
comment on function api.access_token_policy() is
  'The rules api.create_access_token applies: default_ttl_seconds, max_ttl_seconds, allow_never (expires_in 0), max_per_user, scopes.';
grant execute on function api.access_token_policy() to authenticated;
