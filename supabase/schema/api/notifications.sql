-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.notifications(before bigint DEFAULT NULL::bigint, "limit" integer DEFAULT 50)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  me uuid := app.current_user_id();
  page_size integer := coalesce(notifications."limit", 50);
  found_rows app.notifications[];
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  if page_size < 1 or page_size > 100 then
    raise exception using errcode = 'PT400', message = 'limit must be between 1 and 100';
  end if;
  found_rows := array(
    select n from app.notifications n
    where n.user_id = me and (notifications.before is null or n.seq < notifications.before)
    order by n.seq desc
    limit page_size + 1
  );
  return jsonb_build_object(
    'items', coalesce((select jsonb_agg(app.notification_json(r) order by r.seq desc)
                       from unnest(found_rows[1:page_size]) r), '[]'),
    'unread', (select count(*) from app.notifications n where n.user_id = me and n.read_at is null),
    'next', case when cardinality(found_rows) > page_size then (found_rows[page_size]).seq end
  );
end
$function$;
grant execute on function api.notifications(before bigint, "limit" integer) to authenticated;
comment on function api.notifications(before bigint, "limit" integer) is 'Your notifications, newest activity first: {items, unread, next}. Pass `next` as `before` for the next page (null: no more); `limit` 1 to 100 (50). Each item: id, type, category, title, payload, count (events folded into it), item_type, item_id, created_at, updated_at, read_at, cursor.';
