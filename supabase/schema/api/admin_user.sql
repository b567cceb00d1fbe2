-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_user(user_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  target app.users;
begin
  perform app.require_live_session();
  perform private.require_permission('users.read');
  select * into target from app.users u where u.id = admin_user.user_id;
  if target.id is null then
    raise exception using errcode = 'PT404', message = 'No such user';
  end if;
  return jsonb_build_object(
    'user', jsonb_build_object(
      'id', target.id,
      'email', target.email,
      'display_name', target.name,
      'status', private.account_status(target.disabled_at, target.email_confirmed_at),
      'created_at', target.created_at,
      'last_sign_in_at', (select max(s.created_at) from app.sessions s where s.user_id = target.id),
      'email_confirmed_at', target.email_confirmed_at
    ),
    'roles', coalesce(array(
      select r.name from app.user_roles ur join app.roles r on r.id = ur.role_id
      where ur.user_id = target.id order by r.name
    ), '{}'),
    'sessions', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', s.id, 'created_at', s.created_at, 'last_seen_at', coalesce(s.refreshed_at, s.created_at),
        'client_ip', host(s.client_ip), 'user_agent', s.user_agent
      ) order by s.created_at desc, s.id)
      from app.sessions s where s.user_id = target.id and s.ended_at is null
    ), '[]'),
    'storage', jsonb_build_object(
      'used_bytes', coalesce((select a.used from app.storage_accounts a where a.owner_id = target.id), 0),
      'quota_bytes', app.storage_quota(target.id),
      'files', (select count(*) from app.files f where f.owner_id = target.id and f.trashed_at is null)
    ),
    'subscription', (
      select jsonb_build_object('plan', s.plan_code, 'expires_at', s.ends_at)
      from app.subscriptions s join app.plans p on p.code = s.plan_code
      where s.user_id = target.id and s.starts_at <= now() and s.ends_at > now()
      order by p.quota_bytes desc, s.ends_at desc
      limit 1
    ),
    'activity', coalesce((
      select jsonb_agg(private.activity_item(x) order by x.created_at desc, x.id desc)
      from (
        select * from (
          (select l.* from app.activity_log l where l.actor_id = target.id
           order by l.created_at desc, l.id desc limit 20)
          union
          (select l.* from app.activity_log l where l.target_id = target.id::text and l.target_type = 'user'
           order by l.created_at desc, l.id desc limit 20)
        ) both_sides
        order by created_at desc, id desc
        limit 20
      ) x
    ), '[]')
  );
end
$function$;
grant execute on function api.admin_user(user_id uuid) to authenticated;
comment on function api.admin_user(user_id uuid) is 'Needs users.read. One account: {user: {id, email, display_name, status, created_at, last_sign_in_at, email_confirmed_at}, roles, sessions (live ones), storage: {used_bytes, quota_bytes, files}, subscription: {plan, expires_at} | null, activity (latest 20 by or on them)}. 404 for an unknown id.';
