-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_party(share_id uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name)
  from app.shares s
  join app.users u on u.id = case when s.recipient_id = app.current_user_id() then s.owner_id else s.recipient_id end
  where s.id = share_id and app.current_user_id() in (s.owner_id, s.recipient_id, s.shared_by)
$function$;
grant execute on function app.share_party(share_id uuid) to authenticated;
