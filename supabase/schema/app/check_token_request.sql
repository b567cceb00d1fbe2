-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.check_token_request()
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  method text := coalesce(current_setting('request.method', true), '');
  path text := coalesce(current_setting('request.path', true), '');
  rpc text := substring(path from '^/rpc/([A-Za-z0-9_]+)$');
begin
  if path = '' then
    return;
  end if;
  if rpc is not null then
    if rpc = any (array[
         'create_folder', 'rename_folder', 'move_folder', 'trash_folder', 'restore_folder', 'purge_folder',
         'rename_file', 'move_file', 'copy_file', 'trash_file', 'restore_file', 'purge_file', 'restore_version',
         'set_file_content_text', 'add_tags', 'remove_tag', 'list_tags', 'search_files', 'folder_path'])
       -- Emptying the trash reaches every folder.
       or (rpc = 'empty_trash' and app.token_folder() is null) then
      return;
    end if;
  elsif path ~ '^/files/(uploads|tus|download-url|download|rpc)(/|$)' or path ~ '^/webdav(/|$)' then
    return;
  elsif path !~ '^/rpc/' and method in ('GET', 'HEAD', 'OPTIONS') then
    return;
  end if;
  raise exception using errcode = '42501',
    message = 'An access token reaches only the drive: sign in with your password for this.',
    hint = 'Access tokens may list, search, read and (with files:write) change files.';
end
$function$;
grant execute on function app.check_token_request() to authenticated;
comment on function app.check_token_request() is 'Refuses a request of an access token session to anything but the drive.';
