-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.session_is_live(claims jsonb)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  return exists (
    select from app.sessions s
    join app.users u on u.id = s.user_id
    where s.id = (claims ->> 'session_id')::uuid
      and s.user_id = (claims ->> 'sub')::uuid
      and s.ended_at is null
      and u.disabled_at is null
  );
exception
  when invalid_text_representation then
    return false;
end
$function$;
grant execute on function app.session_is_live(claims jsonb) to authenticated;
comment on function app.session_is_live(claims jsonb) is 'The pre-request''s session check: the token''s session is live and its account enabled.';
