-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.avatar_object(user_id uuid)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select a.object_key
  from app.avatars a
  join app.users u on u.id = a.user_id
  where a.user_id = avatar_object.user_id
    and (u.disabled_at is null or app.can_list_profile(u.id))
$function$;
grant execute on function app.avatar_object(user_id uuid) to anon;
grant execute on function app.avatar_object(user_id uuid) to authenticated;
grant execute on function app.avatar_object(user_id uuid) to service_role;
comment on function app.avatar_object(user_id uuid) is 'The object key of this user''s avatar when the caller may see it (anyone, for an enabled account), else null.';
