-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.dav_locks_covering(paths text[] DEFAULT '{}'::text[])
 RETURNS TABLE(path text, token uuid)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select p.path, l.token
  from unnest(coalesce(dav_locks_covering.paths, '{}')) as p(path)
  cross join lateral api.dav_locks_on(p.path, false) l
$function$;
grant execute on function api.dav_locks_covering(paths text[]) to authenticated;
comment on function api.dav_locks_covering(paths text[]) is 'For each path given, the tokens of the unexpired WebDAV locks covering it (the path, or an ancestor locked with depth infinity).';
