-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.notify_new_sign_in()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  since timestamptz := now() - make_interval(days => private.setting_int('auth.familiar_address_days', 30));
begin
  if new.client_ip is null and new.user_agent is null then
    return new;
  end if;
  if not exists (select from app.sessions s where s.user_id = new.user_id and s.id <> new.id) then
    return new;
  end if;
  if exists (
       select from app.sessions s
       where s.user_id = new.user_id and s.id <> new.id and s.created_at > since
         and private.client_key(s.client_ip) is not distinct from private.client_key(new.client_ip))
     and exists (
       select from app.sessions s
       where s.user_id = new.user_id and s.id <> new.id and s.created_at > since
         and private.device_key(s.user_agent) is not distinct from private.device_key(new.user_agent)) then
    return new;
  end if;
  perform app.notify(new.user_id, 'new_sign_in', jsonb_build_object(
    'address', coalesce(host(new.client_ip), 'unknown address'),
    'device', private.device_name(new.user_agent),
    'session_id', new.id));
  return new;
end
$function$;
