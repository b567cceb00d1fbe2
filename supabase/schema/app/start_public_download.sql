-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.start_public_download(token text)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  ip inet := app.client_ip();
  max_count integer := greatest(private.setting_int('links.max_downloads_per_ip', 300), 1);
  window_seconds integer := greatest(private.setting_int('links.download_window_seconds', 3600), 1);
  since timestamptz := now() - make_interval(secs => window_seconds);
  recent integer;
  oldest timestamptz;
begin
  if app.public_version(token) is null then
    return 0;
  end if;
  if ip is not null then
    -- Every download sweeps a few expired rows, so the table holds about one window of downloads.
    delete from private.link_downloads d
    where d.id in (select e.id from private.link_downloads e where e.created_at <= since order by e.created_at limit 20);
    select count(*), min(r.created_at) into recent, oldest
    from (
      select d.created_at from private.link_downloads d
      where d.client_ip = ip and d.created_at > since
      order by d.created_at desc
      limit max_count
    ) r;
    if recent >= max_count then
      return greatest(ceil(extract(epoch from oldest + make_interval(secs => window_seconds) - now())), 1)::integer;
    end if;
    insert into private.link_downloads (client_ip) values (ip);
  end if;
  perform app.log_public_download(token);
  return 0;
end
$function$;
grant execute on function app.start_public_download(token text) to anon;
grant execute on function app.start_public_download(token text) to authenticated;
comment on function app.start_public_download(token text) is 'Counts and logs a download started through a public link; answers the seconds to wait when the client is over its limit, else 0.';
