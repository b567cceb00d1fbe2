-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.end_sessions(user_id uuid, reason text, only_session uuid DEFAULT NULL::uuid, except_session uuid DEFAULT NULL::uuid)
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  ended integer;
begin
  with closed as (
    update app.sessions s
    set ended_at = now(), end_reason = reason
    where s.user_id = end_sessions.user_id
      and s.ended_at is null
      and (only_session is null or s.id = only_session)
      and (except_session is null or s.id <> except_session)
    returning s.id
  ), revoked as (
    update private.refresh_tokens t
    set revoked_at = coalesce(t.revoked_at, now())
    where t.family in (select id from closed)
    returning 1
  )
  select count(*) into ended from closed;
  return ended;
end
$function$;
