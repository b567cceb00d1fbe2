-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_links_drop_pending_uploads()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  delete from app.uploads u where u.share_link_id = new.id and u.status = 'pending';
  return null;
end
$function$;
comment on function app.share_links_drop_pending_uploads() is 'Trigger: a revoked link''s pending uploads are deleted (reservation freed, bytes collected).';
