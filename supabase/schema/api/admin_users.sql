-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_users(q text DEFAULT NULL::text, role text DEFAULT NULL::text, status text DEFAULT NULL::text, plan text DEFAULT NULL::text, before text DEFAULT NULL::text, "limit" integer DEFAULT NULL::integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  page_size integer;
  pattern text;
  after_at timestamptz;
  after_id uuid;
  found_rows app.users[];
  items jsonb;
  last_row app.users;
begin
  perform app.require_live_session();
  perform private.require_permission('users.read');
  page_size := private.page_limit(admin_users."limit");
  if length(q) > 200 then
    raise exception using errcode = 'PT400', message = 'Search is too long: at most 200 characters';
  end if;
  if status is not null and status not in ('active', 'disabled', 'unconfirmed') then
    raise exception using errcode = 'PT400', message = 'status is one of active, disabled, unconfirmed';
  end if;
  if role is not null and not exists (select from app.roles r where r.name = admin_users.role) then
    raise exception using errcode = 'PT400', message = 'No such role';
  end if;
  if plan is not null and not exists (select from app.plans p where p.code = admin_users.plan) then
    raise exception using errcode = 'PT400', message = 'No such plan';
  end if;
  if before is not null then
    select k.created_at, k.id::uuid into after_at, after_id from private.keyset_position(before) k;
  end if;
  pattern := '%' || app.like_escape(coalesce(btrim(q), '')) || '%';

  select array(
    select u from app.users u
    where (pattern = '%%' or u.email::text ilike pattern or coalesce(u.name, '') ilike pattern)
      and (admin_users.role is null or exists (
        select from app.user_roles ur join app.roles r on r.id = ur.role_id
        where ur.user_id = u.id and r.name = admin_users.role))
      and (admin_users.status is null or private.account_status(u.disabled_at, u.email_confirmed_at) = admin_users.status)
      and (admin_users.plan is null or app.current_plan(u.id) = admin_users.plan)
      and (after_at is null or (u.created_at, u.id) < (after_at, after_id))
    order by u.created_at desc, u.id desc
    limit page_size + 1
  ) into found_rows;

  select coalesce(jsonb_agg(private.admin_user_item(found_rows[n]) order by n), '[]') into items
  from generate_series(1, least(cardinality(found_rows), page_size)) n;
  if cardinality(found_rows) > page_size then
    last_row := found_rows[page_size];
    return jsonb_build_object('items', items, 'next', private.keyset_cursor(last_row.created_at, last_row.id::text));
  end if;
  return jsonb_build_object('items', items, 'next', null);
end
$function$;
grant execute on function api.admin_users(q text, role text, status text, plan text, before text, "limit" integer) to authenticated;
comment on function api.admin_users(q text, role text, status text, plan text, before text, "limit" integer) is 'Needs users.read. Accounts newest first: q (email or name, case-insensitive substring), role, status (active, disabled, unconfirmed), plan; keyset pages of `limit` (50, at most 200): {items: [{id, email, display_name, roles, status, plan, used_bytes, quota_bytes, created_at, last_sign_in_at}], next}. Pass next back as before.';
