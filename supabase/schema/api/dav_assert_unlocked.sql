-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.dav_assert_unlocked(paths text[] DEFAULT '{}'::text[], below_paths text[] DEFAULT '{}'::text[], tokens uuid[] DEFAULT '{}'::uuid[])
 RETURNS void
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  p text;
begin
  foreach p in array coalesce(paths, '{}') loop
    if exists (select from api.dav_locks_on(p, p = any (coalesce(below_paths, '{}'))) l where l.token <> all (coalesce(tokens, '{}'))) then
      raise exception using errcode = 'PT423', message = format('%s is locked.', p),
        hint = 'Submit the lock token in an If header.';
    end if;
  end loop;
end
$function$;
grant execute on function api.dav_assert_unlocked(paths text[], below_paths text[], tokens uuid[]) to authenticated;
comment on function api.dav_assert_unlocked(paths text[], below_paths text[], tokens uuid[]) is 'WebDAV: 423 when a path is locked by a lock whose token the request did not submit.';
