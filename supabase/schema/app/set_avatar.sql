-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.set_avatar(object_key text, url text)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
  previous text;
begin
  if set_avatar.object_key !~ '^avatars/[0-9a-f-]{36}\.(webp|png)$' then
    raise exception using errcode = 'PT400', message = 'Invalid avatar object.';
  end if;
  select a.object_key into previous from app.avatars a where a.user_id = uid for update;
  insert into app.avatars (user_id, object_key) values (uid, set_avatar.object_key)
  on conflict (user_id) do update set object_key = excluded.object_key, updated_at = now();
  update app.users set avatar_url = set_avatar.url where id = uid;
  if previous is not null then
    perform app.enqueue_unreferenced_object(previous);
  end if;
  perform app.log_activity('profile.avatar', uid, 'user', uid::text, '{}');
  return set_avatar.url;
end
$function$;
grant execute on function app.set_avatar(object_key text, url text) to authenticated;
