-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.assert_fits(needed bigint, free bigint, owner uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if needed > free then
    raise exception using errcode = 'PT413',
      message = format('Not enough storage: this needs %s but only %s of your %s is free.',
                       pg_catalog.pg_size_pretty(needed), pg_catalog.pg_size_pretty(greatest(free, 0)),
                       pg_catalog.pg_size_pretty(app.storage_quota(owner))),
      hint = 'Empty the trash, delete files, or move to a bigger plan.';
  end if;
end
$function$;
