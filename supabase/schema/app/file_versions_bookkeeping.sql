-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.file_versions_bookkeeping()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if tg_op = 'INSERT' then
    insert into app.storage_accounts (owner_id, used) values (new.owner_id, new.size)
    on conflict (owner_id) do update set used = app.storage_accounts.used + excluded.used;
    return new;
  end if;
  update app.storage_accounts set used = greatest(used - old.size, 0) where owner_id = old.owner_id;
  perform app.enqueue_unreferenced_object(old.object_key);
  return old;
end
$function$;
