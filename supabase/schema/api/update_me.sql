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
begin
  select u.email::text into old_email from app.users u where u.id = me;

  if update_me.email is not null then
    new_email := private.clean_email(update_me.email);
    if new_email <> old_email then
      refused := private.check_current_password(me, update_me.current_password, 'update_me');
      if refused is not null then
        return refused;
      end if;
      if exists (select from app.users u where u.email operator(extensions.=) new_email::extensions.citext and u.id <> me) then
        raise exception using errcode = 'PT409', message = 'An account with this email already exists';
      end if;
    end if;
  end if;

  update app.users u set
    name = case when update_me.name is null then u.name else new_name end,
    bio = case when update_me.bio is null then u.bio else new_bio end,
    email = coalesce(new_email, u.email::text)
  where u.id = me;

  if new_email is not null and new_email <> old_email then
    perform private.enqueue_email(old_email,
      'Your pgdrive email address was changed',
      format(E'Hello,\n\nThe email address of your pgdrive account was changed from %s to %s.\n\nIf this was not you, tell your administrator now.\n', old_email, new_email),
      'email_changed');
    perform app.log_activity('auth.email_changed', me, 'user', me::text);
  end if;
  perform app.log_activity('profile.updated', me, 'user', me::text);
  return private.user_json(me);
end
$function$;
grant execute on function api.update_me(name text, bio text, email text, current_password text) to authenticated;
comment on function api.update_me(name text, bio text, email text, current_password text) is 'Updates the signed-in user''s name and bio (null keeps, empty clears) and email (needs current_password: 400 when wrong, 429 with Retry-After after 5 wrong ones in 15 minutes).';
