-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.install_realtime_broadcast()
 RETURNS boolean
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  if to_regnamespace('realtime') is null or to_regclass('realtime.messages') is null then
    return false;
  end if;
  execute 'drop trigger if exists notifications_broadcast on app.notifications';
  execute 'create trigger notifications_broadcast after insert or update of seq on app.notifications
           for each row execute function app.broadcast_notification()';
  execute 'drop policy if exists "users receive their own notifications" on realtime.messages';
  execute $p$create policy "users receive their own notifications" on realtime.messages
           for select to authenticated
           using ((select realtime.topic()) = 'user:' || (select app.current_user_id())::text and extension = 'broadcast')$p$;
  return true;
end
$function$;
comment on function private.install_realtime_broadcast() is 'Where a realtime schema exists: broadcasts notifications to the private topic user:<id> and lets each user receive only their own. Answers whether it installed.';
