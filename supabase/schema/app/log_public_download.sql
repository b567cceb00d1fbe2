-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.log_public_download(token text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  served jsonb := app.public_version(token);
begin
  if served is not null then
    perform app.log_activity('file.public_download', null, 'file', served ->> 'file_id',
      jsonb_build_object('owner_id', served ->> 'owner_id', 'version', (served ->> 'version')::integer));
  end if;
end
$function$;
grant execute on function app.log_public_download(token text) to anon;
grant execute on function app.log_public_download(token text) to authenticated;
comment on function app.log_public_download(token text) is 'Writes a file.public_download activity row for a link that serves.';
