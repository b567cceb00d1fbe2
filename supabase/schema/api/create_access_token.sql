-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.create_access_token(name text DEFAULT NULL::text, scopes text[] DEFAULT ARRAY['files:read'::text], folder_id uuid DEFAULT NULL::uuid, expires_in integer DEFAULT NULL::integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_password_session();
  clean_name text := btrim(coalesce(name, ''));
  clean_scopes text[];
  ttl integer := coalesce(expires_in, private.setting_int('access_tokens.default_ttl_seconds', 7776000));
  secret text := 'pgd_' || private.base64url(extensions.gen_random_bytes(32));
  made app.access_tokens;
begin
  if clean_name = '' or char_length(clean_name) > 100 then
    raise exception using errcode = 'PT400', message = 'A token needs a name of 1 to 100 characters.';
  end if;
  perform app.assert_visible_text(clean_name, 'A token name');
  select array_agg(distinct s order by s) into clean_scopes from unnest(scopes) s;
  if clean_scopes is null or not clean_scopes <@ array['files:read', 'files:write'] then
    raise exception using errcode = 'PT400', message = 'Scopes are files:read and files:write.',
      hint = 'Give at least one: ["files:read"] or ["files:read", "files:write"].';
  end if;
  -- Writing implies reading: a write token that cannot list cannot see what it changes.
  if 'files:write' = any (clean_scopes) then
    clean_scopes := array['files:read', 'files:write'];
  end if;
  if folder_id is not null and not exists (
       select from app.folders f where f.id = folder_id and f.owner_id = uid and f.trashed_at is null) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  if ttl < 0 then
    raise exception using errcode = 'PT400', message = 'expires_in is a number of seconds (0 for never).';
  end if;
  if ttl = 0 and coalesce(private.setting('access_tokens.allow_never'), 'false') <> 'true' then
    raise exception using errcode = 'PT400', message = 'Tokens that never expire are not allowed here.',
      hint = 'Give expires_in in seconds, at most a year.';
  end if;
  if ttl > private.setting_int('access_tokens.max_ttl_seconds', 31622400) then
    raise exception using errcode = 'PT400',
      message = format('A token expires in at most %s seconds.', private.setting_int('access_tokens.max_ttl_seconds', 31622400));
  end if;
  if (select count(*) from app.access_tokens t
      where t.user_id = uid and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()))
     >= private.setting_int('access_tokens.max_per_user', 50) then
    raise exception using errcode = 'PT409', message = 'You have too many access tokens: revoke one first.';
  end if;

  insert into app.access_tokens (user_id, name, token_hash, prefix, scopes, folder_id, expires_at)
  values (uid, clean_name, extensions.digest(secret, 'sha256'), left(secret, 10), clean_scopes, folder_id,
    case when ttl = 0 then null else now() + make_interval(secs => ttl) end)
  returning * into made;
  perform app.log_activity('access_token.created', uid, 'access_token', made.id::text,
    jsonb_build_object('name', made.name, 'scopes', made.scopes, 'folder_id', made.folder_id, 'expires_at', made.expires_at));
  return jsonb_build_object(
    'id', made.id, 'name', made.name, 'token', secret, 'prefix', made.prefix, 'scopes', made.scopes,
    'folder_id', made.folder_id, 'created_at', made.created_at, 'expires_at', made.expires_at);
end
$function$;
grant execute on function api.create_access_token(name text, scopes text[], folder_id uuid, expires_in integer) to authenticated;
comment on function api.create_access_token(name text, scopes text[], folder_id uuid, expires_in integer) is 'Creates a personal access token {name, scopes (files:read, files:write), folder_id?, expires_in? seconds, 0 = never if allowed} and returns its secret once as `token`.';
