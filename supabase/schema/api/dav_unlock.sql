-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.dav_unlock(token uuid DEFAULT NULL::uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
begin
  delete from app.dav_locks l where l.token = dav_unlock.token and l.owner_id = uid;
  if not found then
    raise exception using errcode = 'PT409', message = 'No such lock.';
  end if;
end
$function$;
grant execute on function api.dav_unlock(token uuid) to authenticated;
comment on function api.dav_unlock(token uuid) is 'WebDAV UNLOCK: removes one of your locks (needs files.write).';
