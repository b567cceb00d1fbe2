-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.public_link_token(target_file uuid)
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  uid uuid := app.current_user_id();
  share_nonce uuid;
begin
  select l.nonce into share_nonce from app.public_links l where l.file_id = target_file and l.owner_id = uid;
  if share_nonce is null then
    return null;
  end if;
  return private.public_link_token(share_nonce);
end
$function$;
grant execute on function app.public_link_token(target_file uuid) to authenticated;
grant execute on function app.public_link_token(target_file uuid) to service_role;
comment on function app.public_link_token(target_file uuid) is 'The public link token of one of your files, or null.';
