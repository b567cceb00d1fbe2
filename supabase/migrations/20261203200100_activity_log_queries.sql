-- Reading the activity log over millions of rows: rpc/admin_logs (filters,
-- keyset pages), rpc/admin_log_actions (the action filter's options) and
-- app.admin_logs_cursor (the CSV export's cursor, read in batches by the
-- `admin` function so the export never holds the result in memory).
--
-- Speed: every filter has an index whose order is the page's order,
-- (<filter column>, created_at desc, id desc), so a page, first or deep, is
-- a short index range read from the cursor on; combinations use the most
-- selective one and filter the rest. `q` (free text in meta) has a trigram
-- index. An action prefix (`share.*`) is expanded to the actions that exist
-- (a loose index scan, one probe per distinct action) and read as one ordered
-- branch per action, merged: no prefix scan has to sort what it reads.
-- The query is built with literals (format %L) so each request gets a plan
-- for its own values: a generic plan cannot know that one actor has 10 rows
-- and an action 2 million. bench/admin-logs.mjs measures all of it.

drop index app.activity_log_created;
drop index app.activity_log_actor_created;
drop index app.activity_log_action_created;
create index activity_log_created_id on app.activity_log (created_at desc, id desc);
create index activity_log_actor on app.activity_log (actor_id, created_at desc, id desc);
create index activity_log_action on app.activity_log (action, created_at desc, id desc);
create index activity_log_target_type on app.activity_log (target_type, created_at desc, id desc);
create index activity_log_target on app.activity_log (target_id, created_at desc, id desc);
create index activity_log_client_ip on app.activity_log (client_ip, created_at desc, id desc);
create index activity_log_meta_trgm on app.activity_log using gin ((meta::text) extensions.gin_trgm_ops);

/* Every distinct action in the log, by a loose index scan (one probe per action, not a scan of the rows). */
create or replace function private.activity_actions()
returns setof text
language sql
stable
set search_path = ''
as $$
  with recursive a(action) as (
    (select l.action from app.activity_log l order by l.action limit 1)
    union all
    select (select l.action from app.activity_log l where l.action > a.action order by l.action limit 1)
    from a where a.action is not null
  )
  select a.action from a where a.action is not null
$$;

/*
 * The filters of admin_logs as SQL conditions on `l` (app.activity_log),
 * values as literals; `actions` already expanded from a prefix. Raises 400
 * for a bad value.
 */
create or replace function private.activity_log_conditions(
  actor_id uuid, target_type text, target_id text, since timestamptz, until timestamptz,
  ip text, q text, before text
)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  conds text[] := '{}';
  address inet;
  pos record;
begin
  if length(target_type) > 64 or length(target_id) > 256 then
    raise exception using errcode = 'PT400', message = 'target_type is at most 64 characters and target_id at most 256';
  end if;
  if length(q) > 200 then
    raise exception using errcode = 'PT400', message = 'q is at most 200 characters';
  end if;
  if since is not null and until is not null and since > until then
    raise exception using errcode = 'PT400', message = 'since must not be after until';
  end if;
  if actor_id is not null then
    conds := conds || format('l.actor_id = %L::uuid', actor_id);
  end if;
  if target_type is not null then
    conds := conds || format('l.target_type = %L', target_type);
  end if;
  if target_id is not null then
    conds := conds || format('l.target_id = %L', target_id);
  end if;
  if since is not null then
    conds := conds || format('l.created_at >= %L::timestamptz', since);
  end if;
  if until is not null then
    conds := conds || format('l.created_at < %L::timestamptz', until);
  end if;
  if nullif(btrim(ip), '') is not null then
    begin
      address := btrim(ip)::inet;
    exception
      when others then
        raise exception using errcode = 'PT400', message = 'ip is an address (203.0.113.7) or a network (203.0.113.0/24)';
    end;
    if position('/' in ip) > 0 then
      conds := conds || format('l.client_ip <<= %L::inet', address);
    else
      conds := conds || format('l.client_ip = %L::inet', address);
    end if;
  end if;
  if nullif(btrim(q), '') is not null then
    conds := conds || format('l.meta::text ilike %L', '%' || app.like_escape(btrim(q)) || '%');
  end if;
  if before is not null then
    select k.created_at, k.id into pos from private.keyset_position(before) k;
    if pos.id !~ '^[0-9]{1,19}$' then
      raise exception using errcode = 'PT400', message = 'This cursor is not one a page answered';
    end if;
    conds := conds || format('(l.created_at, l.id) < (%L::timestamptz, %s::bigint)', pos.created_at, pos.id);
  end if;
  return coalesce(nullif(array_to_string(conds, ' and '), ''), 'true');
end
$$;

/* The actions an `action` filter names: itself, or every logged action starting with its prefix (`share.*`). */
create or replace function private.activity_log_actions_matching(action text)
returns text[]
language plpgsql
stable
set search_path = ''
as $$
begin
  if action is null then
    return null;
  end if;
  if action ~ '^[a-z_]+(\.[a-z_]+)*$' and length(action) <= 64 then
    return array[action];
  end if;
  if action ~ '^([a-z_]+(\.[a-z_]+)*\.?)?\*$' and length(action) <= 65 then
    return array(
      select a from private.activity_actions() a
      where starts_with(a, left(activity_log_actions_matching.action, -1)) order by a
    );
  end if;
  raise exception using errcode = 'PT400', message = 'action is an action (auth.login) or a prefix ending in * (share.*)';
end
$$;

/*
 * The SQL of one page (or, with page_size null, of everything) of the log
 * for these filters, newest first, as rows of app.activity_log. Several
 * actions are read one ordered, limited branch each and merged.
 */
create or replace function private.activity_log_sql(actions text[], conditions text, page_size integer)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  order_limit text := ' order by l.created_at desc, l.id desc' || coalesce(' limit ' || page_size, '');
begin
  if actions is null then
    return format('select l.* from app.activity_log l where %s', conditions) || order_limit;
  end if;
  if cardinality(actions) = 0 then
    return 'select l.* from app.activity_log l where false';
  end if;
  if cardinality(actions) = 1 or page_size is null then
    return format('select l.* from app.activity_log l where l.action = any(%L::text[]) and %s', actions, conditions)
      || order_limit;
  end if;
  return 'select l.* from (' || (
    select string_agg(format('(select l.* from app.activity_log l where l.action = %L and %s%s)', a, conditions, order_limit), ' union all ')
    from unnest(actions) a
  ) || ') l' || order_limit;
end
$$;

/*
 * The activity log for administrators: filters by actor, action (exact or a
 * prefix ending in *), target type and id, a date range [since, until),
 * client address or network, and free text in meta; newest first in keyset
 * pages on (created_at, id): {items, next}.
 */
create or replace function api.admin_logs(
  actor_id uuid default null,
  action text default null,
  target_type text default null,
  target_id text default null,
  since timestamptz default null,
  until timestamptz default null,
  ip text default null,
  q text default null,
  before text default null,
  "limit" integer default null
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  page_size integer;
  found_rows app.activity_log[];
  items jsonb;
  last_row app.activity_log;
begin
  perform app.require_live_session();
  perform private.require_permission('logs.read');
  page_size := private.page_limit(admin_logs."limit");
  execute format('select array(select x::app.activity_log from (%s) x)', private.activity_log_sql(
    private.activity_log_actions_matching(admin_logs.action),
    private.activity_log_conditions(admin_logs.actor_id, admin_logs.target_type, admin_logs.target_id,
      admin_logs.since, admin_logs.until, admin_logs.ip, admin_logs.q, admin_logs.before),
    page_size + 1
  )) into found_rows;
  select coalesce(jsonb_agg(private.activity_item(found_rows[n]) order by n), '[]') into items
  from generate_series(1, least(cardinality(found_rows), page_size)) n;
  if cardinality(found_rows) > page_size then
    last_row := found_rows[page_size];
    return jsonb_build_object('items', items, 'next', private.keyset_cursor(last_row.created_at, last_row.id::text));
  end if;
  return jsonb_build_object('items', items, 'next', null);
end
$$;
comment on function api.admin_logs(uuid, text, text, text, timestamptz, timestamptz, text, text, text, integer) is
  'Needs logs.read. The activity log newest first: actor_id, action (exact, or a prefix ending in *: share.*), target_type, target_id, since (inclusive), until (exclusive), ip (address or network), q (free text in meta); keyset pages of `limit` (50, at most 200): {items: [{id, created_at, actor_id, actor_email, action, target_type, target_id, meta, client_ip, user_agent}], next}. Pass next back as before.';

/* The distinct actions of the log, for the action filter's options. */
create or replace function api.admin_log_actions()
returns text[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform app.require_live_session();
  perform private.require_permission('logs.read');
  return array(select a from private.activity_actions() a order by a);
end
$$;
comment on function api.admin_log_actions() is 'Needs logs.read. Every action the log holds, sorted (the options of the action filter).';

/*
 * Opens a cursor over every row of the log matching admin_logs' filters,
 * newest first, in the CSV export's columns, and answers its name; the
 * caller FETCHes it in batches inside the same transaction. Needs logs.read
 * (checked here, as the caller): the `admin` function's logs.csv.
 */
create or replace function app.admin_logs_cursor(
  actor_id uuid default null,
  action text default null,
  target_type text default null,
  target_id text default null,
  since timestamptz default null,
  until timestamptz default null,
  ip text default null,
  q text default null,
  before text default null
)
returns refcursor
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  rows refcursor;
begin
  perform app.require_live_session();
  perform private.require_permission('logs.read');
  open rows for execute format(
    'select l.id, to_char(l.created_at at time zone ''UTC'', ''YYYY-MM-DD"T"HH24:MI:SS.US"Z"'') as created_at, '
    'l.actor_id, (select u.email::text from app.users u where u.id = l.actor_id) as actor_email, '
    'l.action, l.target_type, l.target_id, host(l.client_ip) as client_ip, l.user_agent, l.meta::text as meta '
    -- A lookup per row, not a join: a hash join would have to read everything before the first row.
    'from (%s) l order by l.created_at desc, l.id desc',
    private.activity_log_sql(
      private.activity_log_actions_matching(admin_logs_cursor.action),
      private.activity_log_conditions(admin_logs_cursor.actor_id, admin_logs_cursor.target_type, admin_logs_cursor.target_id,
        admin_logs_cursor.since, admin_logs_cursor.until, admin_logs_cursor.ip, admin_logs_cursor.q, admin_logs_cursor.before),
      null
    ));
  return rows;
end
$$;
comment on function app.admin_logs_cursor(uuid, text, text, text, timestamptz, timestamptz, text, text, text) is
  'Needs logs.read. Opens a cursor over the log rows matching admin_logs'' filters, newest first, in the CSV columns; answers its name.';

grant execute on function
  api.admin_logs(uuid, text, text, text, timestamptz, timestamptz, text, text, text, integer),
  api.admin_log_actions(),
  app.admin_logs_cursor(uuid, text, text, text, timestamptz, timestamptz, text, text, text)
to authenticated;
