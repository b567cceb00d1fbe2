-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.signup(email text DEFAULT NULL::text, password text DEFAULT NULL::text, name text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  clean_email text := private.clean_email(signup.email);
  clean_name text := private.clean_name(signup.name);
  new_id uuid;
begin
  perform private.check_password(signup.password);
  if exists (select from app.users u where u.email operator(extensions.=) clean_email::extensions.citext) then
    raise exception using errcode = 'PT409', message = 'An account with this email already exists',
      hint = 'Sign in, or reset your password if you forgot it.';
  end if;
  insert into app.users (email, password_hash, name)
  values (clean_email, private.hash_password(signup.password), clean_name)
  returning id into new_id;
  perform app.log_activity('auth.signup', new_id, 'user', new_id::text);
  return private.start_session(new_id);
end
$function$;
grant execute on function api.signup(email text, password text, name text) to anon;
grant execute on function api.signup(email text, password text, name text) to authenticated;
comment on function api.signup(email text, password text, name text) is 'Creates an account (email, password of 8 characters to 72 bytes, optional name) and signs it in: [{token, refresh_token, expires_in, token_type, user}].';
