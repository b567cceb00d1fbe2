-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.start_download(file_id uuid, version_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  found jsonb := app.version_for_download(start_download.file_id, start_download.version_id);
begin
  if found is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  perform app.log_activity('file.download', null, 'file', found ->> 'file_id',
    jsonb_build_object('version', found -> 'version', 'name', found -> 'name'));
  return found;
end
$function$;
grant execute on function app.start_download(file_id uuid, version_id uuid) to authenticated;
comment on function app.start_download(file_id uuid, version_id uuid) is 'One version of a file the caller owns (the current one by default), logged as a download; PT404 otherwise.';
