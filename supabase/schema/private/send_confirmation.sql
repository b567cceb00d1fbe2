-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.send_confirmation(user_id uuid, kind text, email text, password_hash text DEFAULT NULL::text, name text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  token text := private.base64url(extensions.gen_random_bytes(32));
  ttl integer := greatest(private.setting_int('auth.confirmation_ttl', 86400), 60);
  ttl_words text := case
    when ttl % 3600 = 0 and ttl > 3600 then (ttl / 3600) || ' hours'
    when ttl = 3600 then 'an hour'
    else ceil(ttl / 60.0)::integer || ' minutes' end;
begin
  if send_confirmation.kind = 'email_change' then
    update private.email_confirmations c set voided_at = now()
    where c.user_id = send_confirmation.user_id and c.kind = 'email_change' and c.used_at is null and c.voided_at is null;
  end if;
  insert into private.email_confirmations (user_id, kind, email, password_hash, name, token_hash, expires_at)
  values (send_confirmation.user_id, send_confirmation.kind, send_confirmation.email, send_confirmation.password_hash,
    send_confirmation.name, extensions.digest(token, 'sha256'), now() + make_interval(secs => ttl));
  if send_confirmation.kind = 'signup' then
    perform private.enqueue_email(send_confirmation.email,
      'Confirm your pgdrive email address',
      format(E'Hello,\n\nSomeone (hopefully you) signed up for pgdrive with this email address.\n\nOpen this link within %s to confirm it and sign in:\n\n%s/confirm?token={{secret}}\n\nIf it was not you, ignore this email: nobody can use the address until it is confirmed.\n',
        ttl_words, private.site_url()),
      'email_confirmation', token);
  else
    perform private.enqueue_email(send_confirmation.email,
      'Confirm your new pgdrive email address',
      format(E'Hello,\n\nSomeone (hopefully you) asked to use this email address for their pgdrive account.\n\nOpen this link within %s to confirm it; the change takes effect only then:\n\n%s/confirm?token={{secret}}\n\nIf it was not you, ignore this email: nothing changes.\n',
        ttl_words, private.site_url()),
      'email_change_confirmation', token);
  end if;
end
$function$;
