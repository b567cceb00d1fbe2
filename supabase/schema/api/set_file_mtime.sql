-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.set_file_mtime(file_id uuid DEFAULT NULL::uuid, modified_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  target app.files := app.owned_file(file_id);
begin
  if modified_at is null or modified_at < '1970-01-01' or modified_at > now() + interval '1 day' then
    raise exception using errcode = 'PT400', message = 'A modification time between 1970 and tomorrow is required.';
  end if;
  insert into app.file_mtimes (file_id, owner_id, version_id, modified_at)
  values (target.id, uid, target.current_version_id, modified_at)
  on conflict on constraint file_mtimes_pkey do update set version_id = excluded.version_id, modified_at = excluded.modified_at;
end
$function$;
grant execute on function api.set_file_mtime(file_id uuid, modified_at timestamp with time zone) to authenticated;
comment on function api.set_file_mtime(file_id uuid, modified_at timestamp with time zone) is 'Sets the modification time a client reports for the file''s current version (rclone, WebDAV getlastmodified).';
