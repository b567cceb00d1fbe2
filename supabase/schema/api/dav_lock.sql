-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.dav_lock(path text DEFAULT NULL::text, depth text DEFAULT 'infinity'::text, scope text DEFAULT 'exclusive'::text, owner_xml text DEFAULT ''::text, timeout_seconds integer DEFAULT 600, refresh uuid DEFAULT NULL::uuid)
 RETURNS SETOF app.dav_locks
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  key text := app.dav_path_key(path);
  ttl integer := least(greatest(coalesce(timeout_seconds, 600), 1), private.setting_int('webdav.max_lock_seconds', 86400));
begin
  if path is null or path !~ '^/' then
    raise exception using errcode = 'PT400', message = 'A lock needs an absolute path.';
  end if;
  -- One lock at a time per user and path: serialise takers.
  perform pg_advisory_xact_lock(hashtextextended(uid::text || key, 0));
  if refresh is not null then
    return query
    update app.dav_locks l set timeout_seconds = ttl, expires_at = now() + make_interval(secs => ttl)
    where l.token = refresh and l.owner_id = uid and l.expires_at > now()
    returning l.*;
    if not found then
      raise exception using errcode = 'PT412', message = 'That lock does not exist or has expired.';
    end if;
    return;
  end if;
  if depth not in ('0', 'infinity') or scope not in ('exclusive', 'shared') then
    raise exception using errcode = 'PT400', message = 'A lock is exclusive or shared, of depth 0 or infinity.';
  end if;
  delete from app.dav_locks l where l.owner_id = uid and l.expires_at <= now();
  if exists (
       select from api.dav_locks_on(path, depth = 'infinity') l
       where scope = 'exclusive' or l.scope = 'exclusive') then
    raise exception using errcode = 'PT423', message = format('%s is already locked.', path);
  end if;
  if (select count(*) from app.dav_locks l where l.owner_id = uid) >= private.setting_int('webdav.max_locks_per_user', 1000) then
    raise exception using errcode = 'PT409', message = 'Too many locks: unlock some first.';
  end if;
  return query
  insert into app.dav_locks (owner_id, root_id, path, depth, scope, owner_xml, timeout_seconds, expires_at)
  values (uid, app.token_folder(), key, depth, scope, left(coalesce(owner_xml, ''), 4096), ttl, now() + make_interval(secs => ttl))
  returning *;
end
$function$;
grant execute on function api.dav_lock(path text, depth text, scope text, owner_xml text, timeout_seconds integer, refresh uuid) to authenticated;
comment on function api.dav_lock(path text, depth text, scope text, owner_xml text, timeout_seconds integer, refresh uuid) is 'WebDAV LOCK: takes (or, with refresh, renews) a write lock on a path for timeout_seconds; 423 when it conflicts with another.';
