-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.notify(user_id uuid, type text, payload jsonb DEFAULT '{}'::jsonb, item_type text DEFAULT NULL::text, item_id uuid DEFAULT NULL::uuid)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  kind app.notification_types;
  folded app.notifications;
  created app.notifications;
begin
  select * into kind from app.notification_types t where t.type = notify.type;
  if kind.type is null then
    raise exception using errcode = 'PT400', message = format('Unknown notification type %s', notify.type);
  end if;

  select * into folded from app.notifications n
  where n.user_id = notify.user_id and n.type = notify.type
    and n.item_id is not distinct from notify.item_id
    and n.read_at is null
    and n.created_at > now() - make_interval(secs => kind.fold_seconds)
  order by n.created_at desc
  limit 1
  for update;

  if folded.id is not null then
    update app.notifications n
    set count = n.count + 1, payload = n.payload || coalesce(notify.payload, '{}'),
        seq = nextval('app.notifications_seq'), updated_at = now()
    where n.id = folded.id;
    return folded.id;
  end if;

  insert into app.notifications (user_id, type, payload, item_type, item_id)
  values (notify.user_id, notify.type, coalesce(notify.payload, '{}'), notify.item_type, notify.item_id)
  returning * into created;
  if private.wants_email(created.user_id, created.type) then
    perform private.email_notification(created);
  end if;
  return created.id;
end
$function$;
comment on function app.notify(user_id uuid, type text, payload jsonb, item_type text, item_id uuid) is 'Writes (or folds) a notification for a user and queues its email when wanted; called by SQL in the transaction of its cause.';
