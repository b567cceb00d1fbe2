-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.shares_drop_stranded_reshares()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  delete from app.shares s
  where s.shared_by = old.recipient_id and s.owner_id = old.owner_id
    and app.reshare_grant(old.recipient_id, s.file_id, s.folder_id) is null;
  update app.share_links l set revoked_at = now()
  where l.created_by = old.recipient_id and l.owner_id = old.owner_id and l.revoked_at is null
    and app.reshare_grant(old.recipient_id, l.file_id, l.folder_id) is null;
  return null;
end
$function$;
comment on function app.shares_drop_stranded_reshares() is 'Trigger: when a share ends, turns viewer or loses allow_reshare, the shares and links its recipient made of the owner''s items and may no longer make are deleted and revoked.';
