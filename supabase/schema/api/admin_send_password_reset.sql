-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.admin_send_password_reset(user_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  me uuid;
  account app.users;
begin
  perform app.require_live_session();
  me := private.require_permission('users.manage');
  select * into account from app.users u where u.id = private.existing_user(admin_send_password_reset.user_id);
  perform private.check_can_manage(account.id);
  if account.disabled_at is not null then
    raise exception using errcode = 'PT409', message = 'This account is disabled: enable it first';
  end if;
  perform private.send_password_reset(account);
  perform app.log_activity('admin.password_reset_sent', me, 'user', account.id::text);
  return jsonb_build_object('sent', true);
end
$function$;
grant execute on function api.admin_send_password_reset(user_id uuid) to authenticated;
comment on function api.admin_send_password_reset(user_id uuid) is 'Needs users.manage. Emails the user a single-use password-reset link (15 minutes), as forgot_password does: {sent: true}.';
