-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.open_public_link(target app.files)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  fresh uuid := gen_random_uuid();
begin
  insert into app.public_links (file_id, owner_id, nonce, token_hash)
  values (target.id, target.owner_id, fresh, extensions.digest(private.public_link_token(fresh), 'sha256'))
  on conflict (file_id) do update
  set nonce = excluded.nonce, token_hash = excluded.token_hash, created_at = now();
end
$function$;
