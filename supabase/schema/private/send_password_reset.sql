-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.send_password_reset(account app.users)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  token text := private.base64url(extensions.gen_random_bytes(32));
begin
  update private.password_reset_tokens t set voided_at = now()
  where t.user_id = account.id and t.used_at is null and t.voided_at is null;
  insert into private.password_reset_tokens (user_id, token_hash, expires_at)
  values (account.id, extensions.digest(token, 'sha256'),
    now() + make_interval(secs => private.setting_int('auth.reset_token_ttl', 900)));
  perform private.enqueue_email(
    account.email::text,
    'Reset your pgdrive password',
    format(E'Hello%s,\n\nSomeone (hopefully you) asked to reset the password of your pgdrive account.\n\nOpen this link within 15 minutes to choose a new one:\n\n%s/reset-password?token={{secret}}\n\nIf you did not ask for this, ignore this email: your password stays the same.\n',
      coalesce(' ' || account.name, ''), private.site_url()),
    'password_reset',
    token
  );
end
$function$;
