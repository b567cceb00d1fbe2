-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.unlock_share_link(token text, password text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  link app.share_links;
  ip_key text := private.client_key(app.client_ip());
  link_key text;
  max_link integer := private.setting_int('sharing.max_password_failures_per_link', 10);
  max_ip integer := private.setting_int('sharing.max_password_failures_per_ip', 20);
  wait integer;
  access text := private.new_link_token();
  ends timestamptz := now() + make_interval(secs => greatest(private.setting_int('sharing.access_token_seconds', 3600), 60));
begin
  begin
    link := private.serving_link(token, null);
  exception when sqlstate 'PT401' then
    select l.* into link from app.share_links l where l.token_hash = extensions.digest(token, 'sha256');
  end;
  if link.password_hash is null then
    return jsonb_build_object('status', 400, 'code', 'PT400', 'message', 'This link has no password.');
  end if;
  link_key := 'link:' || link.id;
  wait := greatest(private.retry_after('share_password', link_key, max_link),
    private.retry_after('share_password', 'ip:' || ip_key, max_ip));
  if wait > 0 then
    return jsonb_build_object('status', 429, 'code', 'PT429', 'message', 'Too many attempts. Try again later.', 'retry_after', wait);
  end if;
  if password is null or octet_length(password) > 1000 or extensions.crypt(password, link.password_hash) <> link.password_hash then
    perform private.record_attempt('share_password', link_key);
    perform private.record_attempt('share_password', 'ip:' || ip_key);
    return jsonb_build_object('status', 401, 'code', 'PT401', 'message', 'Wrong password.');
  end if;
  delete from app.share_link_access a
  where a.token_hash in (select e.token_hash from app.share_link_access e where e.expires_at <= now() limit 20);
  insert into app.share_link_access (token_hash, link_id, expires_at)
  values (extensions.digest(access, 'sha256'), link.id, ends);
  return jsonb_build_object('access_token', access, 'expires_at', ends);
end
$function$;
grant execute on function app.unlock_share_link(token text, password text) to anon;
grant execute on function app.unlock_share_link(token text, password text) to authenticated;
comment on function app.unlock_share_link(token text, password text) is 'Tries a link''s password: {access_token, expires_at}, or {status, code, message, retry_after} (401 wrong, 429 throttled per link and address).';
