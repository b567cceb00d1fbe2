-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.update_share(share_id uuid, role text DEFAULT NULL::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  share app.shares;
begin
  perform app.require_live_session();
  if role is not null and role not in ('viewer', 'editor') then
    raise exception using errcode = 'PT400', message = 'role must be viewer or editor.';
  end if;
  update app.shares s
  set role = coalesce(update_share.role, s.role),
      expires_at = case when update_share.expires_at is null then s.expires_at else private.share_expiry(update_share.expires_at) end
  where s.id = share_id and s.owner_id = uid
  returning * into share;
  if share.id is null then
    raise exception using errcode = 'PT404', message = 'Share not found.';
  end if;
  perform app.log_activity('share.update', null, 'share', share.id::text,
    jsonb_build_object('recipient_id', share.recipient_id, 'role', share.role, 'expires_at', share.expires_at));
  return to_jsonb(share);
end
$function$;
grant execute on function api.update_share(share_id uuid, role text, expires_at timestamp with time zone) to authenticated;
comment on function api.update_share(share_id uuid, role text, expires_at timestamp with time zone) is 'Changes the role or expiry of one of your shares (expires_at ''infinity'' removes it).';
