-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.dav_drop_locks(path text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  delete from app.dav_locks l
  where l.owner_id = app.current_user_id() and l.root_id is not distinct from app.token_folder()
    and (l.path = app.dav_path_key(dav_drop_locks.path) or starts_with(l.path, app.dav_path_key(dav_drop_locks.path) || '/'))
$function$;
grant execute on function api.dav_drop_locks(path text) to authenticated;
comment on function api.dav_drop_locks(path text) is 'WebDAV: forgets the locks on a path and below it, once it was deleted or moved away.';
