-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.mark_read(ids bigint[] DEFAULT NULL::bigint[])
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  me uuid := app.current_user_id();
  marked integer;
begin
  if me is null then
    raise exception using errcode = 'PT401', message = 'Sign in first';
  end if;
  if cardinality(mark_read.ids) > 1000 then
    raise exception using errcode = 'PT400', message = 'Mark at most 1000 notifications at a time';
  end if;
  update app.notifications n set read_at = now()
  where n.user_id = me and n.read_at is null
    and (mark_read.ids is null or n.id = any (mark_read.ids));
  get diagnostics marked = row_count;
  return jsonb_build_object('marked', marked,
    'unread', (select count(*) from app.notifications n where n.user_id = me and n.read_at is null));
end
$function$;
grant execute on function api.mark_read(ids bigint[]) to authenticated;
comment on function api.mark_read(ids bigint[]) is 'Marks your notifications with these ids read (all of them when `ids` is omitted): {marked, unread}. Ids that are not yours are ignored.';
