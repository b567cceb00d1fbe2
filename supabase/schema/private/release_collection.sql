-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.release_collection(hold_id uuid)
 RETURNS void
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  delete from private.backup_holds where id = hold_id or expires_at < now()
$function$;
comment on function private.release_collection(hold_id uuid) is 'Ends a backup''s hold on collection, and forgets expired holds.';
