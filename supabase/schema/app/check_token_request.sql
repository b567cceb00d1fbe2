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
  relation text := substring(path from '^/([A-Za-z0-9_]+)$');
begin
  -- An internal call with no path is a function's own (a trigger, a job).
  if path = '' then
    return;
  end if;
  if path ~ '^/files/(uploads|tus|download-url|download|rpc)(/|$)' or path ~ '^/webdav(/|$)' then
    return;
  end if;
  if rpc is not null
     and exists (select from app.token_api_objects() o where o.name = rpc and o.access = 'call')
     and (rpc <> 'empty_trash' or app.token_folder() is null) then
    return;
  end if;
  if relation is not null and method in ('GET', 'HEAD')
     and exists (select from app.token_api_objects() o where o.name = relation and o.access = 'read') then
    return;
  end if;
  raise exception using errcode = '42501',
    message = 'An access token reaches only the drive: sign in with your password for this.',
    hint = 'Access tokens may list, search, read and (with files:write) change files.';
end
$function$;
grant execute on function app.check_token_request() to authenticated;
comment on function app.check_token_request() is 'Refuses a request of an access-token session to anything app.token_api_objects() does not name (and the files and webdav functions'' own paths).';
