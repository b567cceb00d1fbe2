-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.activity_log_actions_matching(action text)
 RETURNS text[]
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  if action is null then
    return null;
  end if;
  if action ~ '^[a-z_]+(\.[a-z_]+)*$' and length(action) <= 64 then
    return array[action];
  end if;
  if action ~ '^([a-z_]+(\.[a-z_]+)*\.?)?\*$' and length(action) <= 65 then
    return array(
      select a from private.activity_actions() a
      where starts_with(a, left(activity_log_actions_matching.action, -1)) order by a
    );
  end if;
  raise exception using errcode = 'PT400', message = 'action is an action (auth.login) or a prefix ending in * (share.*)';
end
$function$;
