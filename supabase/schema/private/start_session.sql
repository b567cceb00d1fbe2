-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.start_session(user_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  new_session uuid;
begin
  insert into app.sessions (user_id, client_ip, user_agent)
  values (start_session.user_id, app.client_ip(), app.user_agent())
  returning id into new_session;
  return private.issue_tokens(start_session.user_id, new_session, now());
end
$function$;
