-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.dav_locks_on(path text DEFAULT '/'::text, below boolean DEFAULT false)
 RETURNS SETOF app.dav_locks
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select l.* from app.dav_locks l
  where l.owner_id = app.current_user_id()
    and l.root_id is not distinct from app.token_folder()
    and l.expires_at > now()
    and (l.path = app.dav_path_key(dav_locks_on.path)
      or (l.depth = 'infinity' and starts_with(app.dav_path_key(dav_locks_on.path), l.path || '/'))
      or (dav_locks_on.below and starts_with(l.path, app.dav_path_key(dav_locks_on.path) || '/')))
$function$;
grant execute on function api.dav_locks_on(path text, below boolean) to authenticated;
comment on function api.dav_locks_on(path text, below boolean) is 'The unexpired WebDAV locks covering a path (and, with below, those under it).';
