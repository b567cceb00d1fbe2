-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.revoke_invitation(invitation_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_user_id();
begin
  perform app.require_live_session();
  update app.share_invitations i set revoked_at = now()
  where i.id = invitation_id and i.owner_id = uid and i.accepted_at is null and i.revoked_at is null;
  if not found then
    raise exception using errcode = 'PT404', message = 'Invitation not found.';
  end if;
  perform app.log_activity('share.invitation_revoke', null, 'share_invitation', invitation_id::text, '{}');
end
$function$;
grant execute on function api.revoke_invitation(invitation_id uuid) to authenticated;
comment on function api.revoke_invitation(invitation_id uuid) is 'Withdraws one of your invitations that was not accepted yet.';
