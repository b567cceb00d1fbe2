-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.granted_download(file_id uuid, version_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  found jsonb;
begin
  perform app.require_live_session();
  found := app.version_for_download(granted_download.file_id, granted_download.version_id);
  if found is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return found;
end
$function$;
grant execute on function app.granted_download(file_id uuid, version_id uuid) to authenticated;
comment on function app.granted_download(file_id uuid, version_id uuid) is 'The version a signed download URL serves, while its session is live and its user owns the file, else PT401/PT404.';
