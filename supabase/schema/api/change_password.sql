-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.change_password(current_password text DEFAULT NULL::text, new_password text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid := private.require_user();
  this_session uuid;
  refused jsonb;
begin
  perform private.check_password(change_password.new_password,
    (select u.email::text from app.users u where u.id = me), private.holds_admin_role(me));
  refused := private.check_current_password(me, change_password.current_password, 'change_password');
  if refused is not null then
    return refused;
  end if;
  begin
    this_session := nullif(app.jwt_claims() ->> 'session_id', '')::uuid;
  exception
    when invalid_text_representation then
      this_session := null;
  end;
  update app.users set password_hash = private.hash_password(change_password.new_password) where id = me;
  perform private.end_sessions(me, 'password_changed', except_session => this_session);
  perform private.send_password_changed(me);
  perform app.log_activity('auth.password_changed', me, 'user', me::text, '{"via": "change_password"}');
  return jsonb_build_object('message', 'Your password was changed. Other devices were signed out.');
end
$function$;
grant execute on function api.change_password(current_password text, new_password text) to authenticated;
comment on function api.change_password(current_password text, new_password text) is 'Changes the signed-in user''s password (needs the current one: 400 when wrong, 429 with Retry-After after 5 wrong ones in 15 minutes; the new one 8 characters, 10 for an administrator, not a common or trivial one) and ends every other session.';
