/*
 * Public links answer anyone, so one client could pull a public file in a
 * loop and spend its owner's bandwidth without end. Each download a link
 * starts (what the activity log counts: a GET from the first byte, not a
 * HEAD, a later range or a revalidation of a current copy) now counts
 * against the client's address. Past links.max_downloads_per_ip downloads in
 * links.download_window_seconds the link answers 429 with Retry-After until
 * the oldest of them leaves the window. Refused requests do not count.
 *
 * Settings (private.settings), with defaults:
 *   links.max_downloads_per_ip      300   downloads started per client address
 *   links.download_window_seconds   3600  the sliding window (an hour)
 *
 * Two requests of one address at the same instant may both pass at the edge
 * (the count is read, then written): the limit is against loops, not exact.
 */

create table private.link_downloads (
  id bigint generated always as identity primary key,
  client_ip inet not null,
  created_at timestamptz not null default now()
);
alter table private.link_downloads enable row level security;
-- No policy on purpose: only app.start_public_download touches it.
create index link_downloads_by_client on private.link_downloads (client_ip, created_at desc);
create index link_downloads_by_age on private.link_downloads (created_at);
comment on table private.link_downloads is 'Downloads started through public links, per client address, for the per-address limit.';

/*
 * Starts a download through a public link: 0 when it may go ahead (then it
 * is counted and logged), otherwise the seconds to wait. Without a client
 * address (no gateway in front) nothing is counted.
 */
create or replace function app.start_public_download(token text)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
$$;
comment on function app.start_public_download(text) is
  'Counts and logs a download started through a public link; answers the seconds to wait when the client is over its limit, else 0.';
grant execute on function app.start_public_download(text) to anon, authenticated;
