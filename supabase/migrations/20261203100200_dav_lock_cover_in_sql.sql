/*
 * Which WebDAV locks cover a path: SQL alone decides.
 *
 * Lock paths are stored folded by app.dav_path_key (lower() of the NFC
 * form). PROPFIND used to fold each listed path again in TypeScript
 * (toLowerCase) to pick the locks for its lockdiscovery, and JavaScript and
 * Postgres fold a few characters differently ('İ' becomes 'i̇' in JS, a
 * capital sigma becomes a final 'ς' at the end of a word in JS only, the
 * Kelvin sign becomes 'k' in JS; what lower() does depends on the
 * database's ctype): a lock SQL enforced could be missing from the listing,
 * or shown on the wrong name. api.dav_locks_covering answers, for the paths
 * of a listing, which locks cover each, so TypeScript only writes the XML.
 *
 * Also restated: "below" and "inside an infinity lock" were LIKE patterns
 * built from a stored path, so a '_' or '%' in a name (a lock on /a_b)
 * matched other names (/axb/c). They are prefix tests now (starts_with).
 */

create or replace function api.dav_locks_on(path text default '/', below boolean default false)
returns setof app.dav_locks
language sql
stable
security definer
set search_path = ''
as $$
  select l.* from app.dav_locks l
  where l.owner_id = app.current_user_id()
    and l.root_id is not distinct from app.token_folder()
    and l.expires_at > now()
    and (l.path = app.dav_path_key(dav_locks_on.path)
      or (l.depth = 'infinity' and starts_with(app.dav_path_key(dav_locks_on.path), l.path || '/'))
      or (dav_locks_on.below and starts_with(l.path, app.dav_path_key(dav_locks_on.path) || '/')))
$$;

create or replace function api.dav_drop_locks(path text default null)
returns void
language sql
security definer
set search_path = ''
as $$
  delete from app.dav_locks l
  where l.owner_id = app.current_user_id() and l.root_id is not distinct from app.token_folder()
    and (l.path = app.dav_path_key(dav_drop_locks.path) or starts_with(l.path, app.dav_path_key(dav_drop_locks.path) || '/'))
$$;

/* For each of some paths, the locks covering it (the path itself, or an ancestor with depth infinity). */
create function api.dav_locks_covering(paths text[] default '{}')
returns table (path text, token uuid)
language sql
stable
security definer
set search_path = ''
as $$
  select p.path, l.token
  from unnest(coalesce(dav_locks_covering.paths, '{}')) as p(path)
  cross join lateral api.dav_locks_on(p.path, false) l
$$;
comment on function api.dav_locks_covering(text[]) is
  'For each path given, the tokens of the unexpired WebDAV locks covering it (the path, or an ancestor locked with depth infinity).';
grant execute on function api.dav_locks_covering(text[]) to authenticated;
