-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.update_share(share_id uuid, role text DEFAULT NULL::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, allow_reshare boolean DEFAULT NULL::boolean)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  share app.shares;
  grant_until timestamptz;
begin
  perform app.require_live_session();
  if role is not null and role not in ('viewer', 'editor') then
    raise exception using errcode = 'PT400', message = 'role must be viewer or editor.';
  end if;
  select * into share from app.shares s where s.id = share_id and (s.owner_id = uid or s.shared_by = uid) for update;
  if share.id is null then
    raise exception using errcode = 'PT404', message = 'Share not found.';
  end if;
  if share.owner_id <> uid then
    if allow_reshare is not null then
      raise exception using errcode = 'PT403', message = 'Only the owner can let others re-share.';
    end if;
    grant_until := (app.reshare_grant(uid, share.file_id, share.folder_id) ->> 'until')::timestamptz;
  end if;
  update app.shares s
  set role = coalesce(update_share.role, s.role),
      expires_at = case when update_share.expires_at is null then s.expires_at else private.share_expiry(update_share.expires_at) end,
      allow_reshare = coalesce(update_share.allow_reshare, s.allow_reshare)
  where s.id = share.id
  returning * into share;
  if grant_until is not null and (share.expires_at is null or share.expires_at > grant_until) then
    update app.shares s set expires_at = grant_until where s.id = share.id returning * into share;
  end if;
  perform app.log_activity('share.update', null, 'share', share.id::text,
    jsonb_build_object('recipient_id', share.recipient_id, 'role', share.role, 'expires_at', share.expires_at,
      'allow_reshare', share.allow_reshare));
  return to_jsonb(share);
end
$function$;
grant execute on function api.update_share(share_id uuid, role text, expires_at timestamp with time zone, allow_reshare boolean) to authenticated;
comment on function api.update_share(share_id uuid, role text, expires_at timestamp with time zone, allow_reshare boolean) is 'Changes the role, expiry (''infinity'' removes it) or allow_reshare of one of your shares; withdrawing allow_reshare, or the editor role, ends what that person re-shared. A re-sharer changes the role and expiry of a share they made.';
