-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.share_with(email text, file_id uuid DEFAULT NULL::uuid, folder_id uuid DEFAULT NULL::uuid, role text DEFAULT 'viewer'::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, allow_reshare boolean DEFAULT NULL::boolean)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  owner uuid := private.sharer_owner(uid, file_id, folder_id);
  resharing boolean := owner <> uid;
  item_name text := coalesce((select f.name from app.files f where f.id = file_id), (select d.name from app.folders d where d.id = folder_id));
  wanted_role text := coalesce(role, 'viewer');
  expiry timestamptz := private.share_expiry(expires_at);
  grant_until timestamptz;
  address text := private.clean_email(email);
  recipient app.users;
  me app.users;
  share app.shares;
  token text;
  invitation app.share_invitations;
begin
  perform app.require_live_session();
  if wanted_role not in ('viewer', 'editor') then
    raise exception using errcode = 'PT400', message = 'role must be viewer or editor.';
  end if;
  if resharing and allow_reshare then
    raise exception using errcode = 'PT403', message = 'Only the owner can let others re-share.';
  end if;
  if resharing then
    grant_until := (app.reshare_grant(uid, file_id, folder_id) ->> 'until')::timestamptz;
    if grant_until is not null then
      expiry := least(coalesce(expiry, grant_until), grant_until);
    end if;
  end if;
  select * into me from app.users u where u.id = uid;
  select * into recipient from app.users u where u.email operator(extensions.=) address::extensions.citext;
  if recipient.id = uid then
    raise exception using errcode = 'PT400', message = case when resharing then 'You already have access to this.' else 'You already own this.' end;
  end if;
  if recipient.id = owner then
    raise exception using errcode = 'PT400', message = 'This person owns it.';
  end if;
  -- An address nobody has proven is not yet its account's: a share by
  -- email to it (or an invitation from it) could reach a stranger.
  if recipient.id is not null and recipient.email_confirmed_at is null and private.email_confirmation_enforced() then
    raise exception using errcode = 'PT409',
      message = 'This person has not confirmed their email address yet, so nothing can be shared with them.',
      hint = 'Ask them to open the confirmation link we emailed them, then share again.';
  end if;
  if recipient.id is null and resharing then
    raise exception using errcode = 'PT403', message = 'Only the owner can invite someone without an account.',
      hint = 'Share with people who have an account, or make a link.';
  end if;
  if recipient.id is null and me.email_confirmed_at is null and private.email_confirmation_enforced() then
    raise exception using errcode = 'PT403', message = 'Confirm your email address before inviting people.',
      hint = 'Open the link we emailed you, or ask for a new one.';
  end if;
  if recipient.id is not null then
    select * into share from app.shares s
    where s.recipient_id = recipient.id and s.file_id is not distinct from file_id and s.folder_id is not distinct from folder_id
    for update;
    if share.id is not null and resharing and share.shared_by is distinct from uid then
      raise exception using errcode = 'PT409', message = 'This person already has access to this.';
    end if;
    if share.id is null then
      insert into app.shares (owner_id, recipient_id, file_id, folder_id, role, expires_at, allow_reshare, shared_by)
      values (owner, recipient.id, file_id, folder_id, wanted_role, expiry, coalesce(allow_reshare, false),
        case when resharing then uid end)
      returning * into share;
    else
      -- The owner sharing again makes the share hers (it no longer hangs on a re-sharer's access).
      update app.shares s set role = wanted_role, expires_at = expiry,
        allow_reshare = coalesce(share_with.allow_reshare, s.allow_reshare),
        shared_by = case when resharing then uid end
      where s.id = share.id returning * into share;
    end if;
    perform app.log_activity('share.grant', null, 'share', share.id::text, jsonb_build_object(
      'recipient_id', recipient.id, 'file_id', file_id, 'folder_id', folder_id, 'role', wanted_role,
      'allow_reshare', share.allow_reshare) || case when resharing then jsonb_build_object('owner_id', owner) else '{}' end);
    perform app.notify(recipient.id, 'shared_with_you', jsonb_build_object(
      'by', coalesce(me.name, me.email::text), 'name', item_name, 'role', wanted_role),
      case when file_id is not null then 'file' else 'folder' end, coalesce(file_id, folder_id));
    return jsonb_build_object('share', to_jsonb(share));
  end if;

  token := private.new_link_token();
  insert into app.share_invitations (owner_id, email, file_id, folder_id, role, share_expires_at, token_hash)
  values (uid, address, file_id, folder_id, wanted_role, expiry, extensions.digest(token, 'sha256'))
  returning * into invitation;
  perform private.enqueue_email(address,
    format('%s shared %s with you', coalesce(me.name, me.email::text), item_name),
    format(E'Hello,\n\n%s shared %s with you on pgdrive as %s.\n\nOpen it (the link works once, for 7 days; sign up or sign in first):\n%s/invitations/{{secret}}\n',
      coalesce(me.name, me.email::text), item_name, wanted_role, private.site_url()),
    'share_invitation', token);
  perform app.log_activity('share.invite', null, 'share_invitation', invitation.id::text, jsonb_build_object(
    'email', address, 'file_id', file_id, 'folder_id', folder_id, 'role', wanted_role));
  return jsonb_build_object('invitation', jsonb_build_object('id', invitation.id, 'email', invitation.email,
    'role', invitation.role, 'expires_at', invitation.expires_at));
end
$function$;
grant execute on function api.share_with(email text, file_id uuid, folder_id uuid, role text, expires_at timestamp with time zone, allow_reshare boolean) to authenticated;
comment on function api.share_with(email text, file_id uuid, folder_id uuid, role text, expires_at timestamp with time zone, allow_reshare boolean) is 'Shares one of your files or folders with a person by email as viewer or editor (optional expires_at; allow_reshare lets an editor share it on); an address without an account gets an emailed invitation. An editor whose share allows re-sharing shares the owner''s item the same way (not allow_reshare, not invitations; never past their own access). Answers {share} or {invitation}. With auth.require_email_confirmation on: 409 when that person has not confirmed their address, 403 when you have not confirmed yours and would send an invitation.';
