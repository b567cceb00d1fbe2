-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.update_me(name text DEFAULT NULL::text, bio text DEFAULT NULL::text, email text DEFAULT NULL::text, current_password text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_user();
  old_email text;
  new_email text;
  new_name text := private.clean_name(update_me.name);
  new_bio text := private.clean_bio(update_me.bio);
  refused jsonb;
  wait integer;
  pending boolean := false;
begin
  select u.email::text into old_email from app.users u where u.id = me;

  if update_me.email is not null then
    new_email := private.clean_email(update_me.email);
    if new_email <> old_email then
      refused := private.check_current_password(me, update_me.current_password, 'update_me');
      if refused is not null then
        return refused;
      end if;
      if private.email_confirmation_required() and lower(new_email) <> lower(old_email) then
        wait := private.retry_after('confirm', 'email:' || lower(new_email), private.setting_int('auth.max_confirmations_per_email', 5));
        if wait > 0 then
          return private.too_many_attempts(wait);
        end if;
        perform private.record_attempt('confirm', 'email:' || lower(new_email));
        pending := true;
      elsif exists (select from app.users u where u.email operator(extensions.=) new_email::extensions.citext and u.id <> me) then
        raise exception using errcode = 'PT409', message = 'An account with this email already exists';
      end if;
    end if;
  end if;

  update app.users u set
    name = case when update_me.name is null then u.name else new_name end,
    bio = case when update_me.bio is null then u.bio else new_bio end,
    email = case when pending then u.email::text else coalesce(new_email, u.email::text) end
  where u.id = me;

  if pending then
    perform private.send_confirmation(me, 'email_change', new_email);
    perform private.enqueue_email(old_email,
      'Your pgdrive email address is about to change',
      format(E'Hello,\n\nSomeone signed in to your pgdrive account asked to change its email address from %s to %s. It changes only when the link sent to the new address is opened.\n\nIf this was not you, change your password at %s/settings now and sign out everywhere.\n',
        old_email, new_email, private.site_url()),
      'email_change_requested');
    perform app.log_activity('auth.email_change_requested', me, 'user', me::text, jsonb_build_object('email', lower(new_email)));
  elsif new_email is not null and new_email <> old_email then
    perform private.enqueue_email(old_email,
      'Your pgdrive email address was changed',
      format(E'Hello,\n\nThe email address of your pgdrive account was changed from %s to %s.\n\nIf this was not you, tell your administrator now.\n', old_email, new_email),
      'email_changed');
    perform app.log_activity('auth.email_changed', me, 'user', me::text);
  end if;
  perform app.log_activity('profile.updated', me, 'user', me::text);
  if pending then
    return private.user_json(me) || jsonb_build_object('message', 'Check your new address to confirm the change.');
  end if;
  return private.user_json(me);
end
$function$;
grant execute on function api.update_me(name text, bio text, email text, current_password text) to authenticated;
comment on function api.update_me(name text, bio text, email text, current_password text) is 'Updates the signed-in user''s name and bio (null keeps, empty clears) and email (needs current_password: 400 when wrong, 429 with Retry-After after 5 wrong ones in 15 minutes). With auth.confirm_email on, a new email is mailed a link and changes when it is opened (the answer''s pending_email and message say so, whether or not the address is taken); off, it changes at once, 409 when taken.';
