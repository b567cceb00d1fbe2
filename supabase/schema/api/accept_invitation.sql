-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.accept_invitation(token text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_user_id();
  invitation app.share_invitations;
  share app.shares;
begin
  perform app.require_live_session();
  if private.email_confirmation_enforced()
     and exists (select from app.users u where u.id = uid and u.email_confirmed_at is null) then
    raise exception using errcode = 'PT403', message = 'Confirm your email address before accepting invitations.',
      hint = 'Open the link we emailed you, then open the invitation again.';
  end if;
  if token is null or token !~ '^[A-Za-z0-9_-]{43}$' then
    raise exception using errcode = 'PT404', message = 'This invitation does not exist or was already used.';
  end if;
  select * into invitation from app.share_invitations i where i.token_hash = extensions.digest(token, 'sha256') for update;
  if invitation.id is null or invitation.accepted_at is not null or invitation.revoked_at is not null then
    raise exception using errcode = 'PT404', message = 'This invitation does not exist or was already used.';
  end if;
  if invitation.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'This invitation has expired: ask for a new one.';
  end if;
  if invitation.owner_id = uid then
    raise exception using errcode = 'PT400', message = 'You cannot accept your own invitation.';
  end if;
  if not exists (select from app.files f where f.id = invitation.file_id and f.trashed_at is null)
     and not exists (select from app.folders d where d.id = invitation.folder_id and d.trashed_at is null) then
    raise exception using errcode = 'PT404', message = 'What was shared is no longer there.';
  end if;
  update app.share_invitations i set accepted_at = now(), accepted_by = uid where i.id = invitation.id;
  select * into share from app.shares s
  where s.recipient_id = uid and s.file_id is not distinct from invitation.file_id
    and s.folder_id is not distinct from invitation.folder_id
  for update;
  if share.id is null then
    insert into app.shares (owner_id, recipient_id, file_id, folder_id, role, expires_at)
    values (invitation.owner_id, uid, invitation.file_id, invitation.folder_id, invitation.role, invitation.share_expires_at)
    returning * into share;
  end if;
  perform app.log_activity('share.invitation_accept', null, 'share', share.id::text,
    jsonb_build_object('invitation_id', invitation.id, 'owner_id', invitation.owner_id));
  return to_jsonb(share);
end
$function$;
grant execute on function api.accept_invitation(token text) to authenticated;
comment on function api.accept_invitation(token text) is 'Turns an emailed invitation (its token, once, within 7 days) into a share for you. 403 while your own address is not confirmed (auth.require_email_confirmation on); the invitation stays usable.';
