-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.cancel_share_upload(token text, access text, upload_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.upload_link(token, access);
begin
  delete from app.uploads u where u.id = upload_id and u.share_link_id = link.id and u.status = 'pending';
end
$function$;
grant execute on function app.cancel_share_upload(token text, access text, upload_id uuid) to anon;
grant execute on function app.cancel_share_upload(token text, access text, upload_id uuid) to authenticated;
