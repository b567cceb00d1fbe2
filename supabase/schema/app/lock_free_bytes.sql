-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.lock_free_bytes(owner uuid, except_upload uuid DEFAULT NULL::uuid)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  account app.storage_accounts;
  reserved bigint;
begin
  insert into app.storage_accounts (owner_id) values (owner) on conflict do nothing;
  select * into account from app.storage_accounts where owner_id = owner for update;
  select coalesce(sum(size), 0) into reserved from app.uploads
  where owner_id = owner and status = 'pending' and expires_at > now()
    and id is distinct from except_upload;
  return app.storage_quota(owner) - account.used - reserved;
end
$function$;
