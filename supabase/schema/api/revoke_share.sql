-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.revoke_share(share_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_user_id();
  share app.shares;
begin
  perform app.require_live_session();
  delete from app.shares s where s.id = share_id and (s.owner_id = uid or s.recipient_id = uid or s.shared_by = uid)
  returning * into share;
  if share.id is null then
    raise exception using errcode = 'PT404', message = 'Share not found.';
  end if;
  perform app.log_activity('share.revoke', null, 'share', share.id::text,
    jsonb_build_object('owner_id', share.owner_id, 'recipient_id', share.recipient_id, 'left', share.recipient_id = uid));
end
$function$;
grant execute on function api.revoke_share(share_id uuid) to authenticated;
comment on function api.revoke_share(share_id uuid) is 'Ends one of your shares at once, with whatever its recipient re-shared from it (a recipient may leave one shared with them; a re-sharer may end one they made).';
