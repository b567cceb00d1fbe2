-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.notify_login_locked(user_id uuid, scope text, address text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  account app.users;
  notice_subject text := 'user:' || notify_login_locked.user_id;
begin
  select * into account from app.users u where u.id = notify_login_locked.user_id;
  if account.id is null or account.disabled_at is not null then
    return;
  end if;
  if exists (
    select from private.auth_attempts a
    where a.bucket = 'lock_notice' and a.subject = notice_subject
      and a.created_at > now() - make_interval(secs => private.bucket_window('lock_notice'))
  ) then
    return;
  end if;
  perform private.record_attempt('lock_notice', notice_subject);
  perform private.enqueue_email(
    account.email::text,
    'Someone is trying to sign in to your pgdrive account',
    format(E'Hello%s,\n\nSomeone has entered a wrong password for your pgdrive account several times%s, so sign-ins %s are paused for a while. Devices and places you have signed in from before are not affected.\n\nIf this was you, wait a few minutes, or reset your password at %s/forgot-password.\n\nIf it was not you, nothing has been let in. A long passphrase that you use nowhere else keeps it that way.\n',
      coalesce(' ' || account.name, ''),
      case when notify_login_locked.scope = 'address' and notify_login_locked.address is not null
        then ' from the address ' || notify_login_locked.address else ' from several addresses' end,
      case when notify_login_locked.scope = 'address' then 'from there' else 'from new places' end,
      private.site_url()),
    'login_locked'
  );
  perform app.log_activity('auth.login_locked', account.id, 'user', account.id::text,
    jsonb_build_object('scope', notify_login_locked.scope, 'address', notify_login_locked.address));
end
$function$;
