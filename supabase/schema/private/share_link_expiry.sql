-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.share_link_expiry(link_type text, wanted timestamp with time zone, current timestamp with time zone, is_new boolean)
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  policy jsonb := private.sharing_policy(link_type);
  max_days integer := (policy ->> 'max_expiry_days')::integer;
  default_days integer := (policy ->> 'default_expiry_days')::integer;
begin
  if wanted is null and not is_new then
    return current;
  end if;
  if wanted is null then
    if default_days > 0 then
      return now() + make_interval(days => least(default_days, max_days));
    end if;
    wanted := 'infinity';
  end if;
  if wanted = 'infinity' then
    if not (policy ->> 'allow_no_expiry')::boolean then
      raise exception using errcode = 'PT400',
        message = format('A %s link must expire: at most %s days from today.', link_type, max_days);
    end if;
    return null;
  end if;
  if wanted <= now() then
    raise exception using errcode = 'PT400', message = 'The expiry must be in the future.';
  end if;
  if wanted > now() + make_interval(days => max_days) then
    raise exception using errcode = 'PT400',
      message = format('A %s link can expire at most %s days from today.', link_type, max_days);
  end if;
  return wanted;
end
$function$;
