-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.assert_owner_fits(needed bigint, free bigint, owner uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if owner = app.current_user_id() then
    perform app.assert_fits(needed, free, owner);
  elsif needed > free then
    raise exception using errcode = 'PT413',
      message = format('Not enough storage in this shared folder: this needs %s but only %s of its owner''s %s is free.',
                       pg_catalog.pg_size_pretty(needed), pg_catalog.pg_size_pretty(greatest(free, 0)),
                       pg_catalog.pg_size_pretty(app.storage_quota(owner))),
      hint = 'Uploads into a shared folder count against its owner''s storage: ask the owner to make room.';
  end if;
end
$function$;
comment on function app.assert_owner_fits(needed bigint, free bigint, owner uuid) is 'PT413 unless the bytes fit in the owner''s free storage; the message tells an editor it is the owner''s.';
