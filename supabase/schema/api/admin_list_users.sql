-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_list_users(search text DEFAULT NULL::text, page integer DEFAULT 1, per_page integer DEFAULT 50)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  pattern text;
  total bigint;
  rows jsonb;
begin
  perform private.require_permission('users.read');
  if length(search) > 200 then
    raise exception using errcode = 'PT400', message = 'Search is too long: at most 200 characters';
  end if;
  if page is null or page < 1 or per_page is null or per_page < 1 or per_page > 200 then
    raise exception using errcode = 'PT400', message = 'page must be 1 or more and per_page between 1 and 200';
  end if;
  pattern := '%' || replace(replace(replace(coalesce(btrim(search), ''), '\', '\\'), '%', '\%'), '_', '\_') || '%';
  select count(*) into total from app.users u
  where u.email::text ilike pattern or coalesce(u.name, '') ilike pattern;
  select coalesce(jsonb_agg(private.admin_user_json(x.id) order by x.created_at desc, x.id), '[]') into rows
  from (
    select u.id, u.created_at from app.users u
    where u.email::text ilike pattern or coalesce(u.name, '') ilike pattern
    order by u.created_at desc, u.id
    limit per_page offset (page - 1)::bigint * per_page
  ) x;
  return jsonb_build_object('users', rows, 'total', total, 'page', page, 'per_page', per_page);
end
$function$;
grant execute on function api.admin_list_users(search text, page integer, per_page integer) to authenticated;
comment on function api.admin_list_users(search text, page integer, per_page integer) is 'Needs users.read. Lists accounts newest first, searching email and name: {users, total, page, per_page}.';
