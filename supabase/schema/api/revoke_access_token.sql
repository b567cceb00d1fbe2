-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.revoke_access_token(token_id uuid DEFAULT NULL::uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.require_password_session();
  ended integer;
begin
  update app.access_tokens t set revoked_at = now()
  where t.id = revoke_access_token.token_id and t.user_id = uid and t.revoked_at is null;
  if not found then
    raise exception using errcode = 'PT404', message = 'Access token not found (or already revoked).';
  end if;
  update app.sessions s set ended_at = now(), end_reason = 'token_revoked'
  where s.access_token_id = revoke_access_token.token_id and s.ended_at is null;
  get diagnostics ended = row_count;
  perform app.log_activity('access_token.revoked', uid, 'access_token', token_id::text,
    jsonb_build_object('sessions', ended));
end
$function$;
grant execute on function api.revoke_access_token(token_id uuid) to authenticated;
comment on function api.revoke_access_token(token_id uuid) is 'Revokes one of your access tokens: every JWT it was exchanged for stops working at once.';
