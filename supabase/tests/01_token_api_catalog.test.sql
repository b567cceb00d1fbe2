-- The access-token catalog guard: every object of the api schema is either
-- named in app.token_api_objects() or refused to an access-token session by
-- the pre-request, so a view or function a later migration adds cannot slip
-- through to tokens. Then the leaks that were found, for a read token, a
-- write token, a folder-limited token and a password session: the account's
-- sessions and subscription, the whole drive's usage, and UNLOCK without
-- files:write.
begin;
select plan(31);

select tests.create_user('tac-tess@example.com', 'Tess') as tess \gset

create function pg_temp.put(file_name text, bytes integer, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, integer, uuid) to authenticated;

-- Whether the pre-request lets this request through, as the gateway would ask it.
create function pg_temp.passes(method text, path text) returns boolean language plpgsql as $$
begin
  perform set_config('request.method', method, true);
  perform set_config('request.path', path, true);
  perform app.pre_request();
  return true;
exception when insufficient_privilege then
  return false;
end
$$;

-- Every api view (asked by GET) and function (asked as /rpc/, POST) that is not
-- on the list but passes; and every listed one that is refused.
create function pg_temp.unlisted_reached() returns text[] language sql as $$
  select coalesce(array_agg(o.name order by o.name), '{}') from (
    select c.relname::text as name, pg_temp.passes('GET', '/' || c.relname) as reached
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'api' and c.relkind in ('v', 'r', 'm', 'f', 'p')
      and c.relname::text not in (select t.name from app.token_api_objects() t where t.access = 'read')
    union all
    select distinct p.proname::text, pg_temp.passes('POST', '/rpc/' || p.proname)
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'api'
      and p.proname::text not in (select t.name from app.token_api_objects() t where t.access = 'call')
  ) o where o.reached
$$;
create function pg_temp.listed_refused() returns text[] language sql as $$
  select coalesce(array_agg(t.name order by t.name), '{}') from app.token_api_objects() t
  where not pg_temp.passes(case t.access when 'read' then 'GET' else 'POST' end,
                           case t.access when 'read' then '/' else '/rpc/' end || t.name)
$$;
grant execute on all functions in schema pg_temp to anon, authenticated;

-- Tess's drive: Backup with 300 bytes, and 5000 bytes at the root.
select tests.authenticate_as(:'tess');
select (api.create_folder('Backup')).id as backup \gset
select pg_temp.put('in-backup.txt', 300, :'backup') as f_backup \gset
select pg_temp.put('at-root.txt', 5000) as f_root \gset
select api.create_access_token('reader', array['files:read']) ->> 'token' as reader \gset
select api.create_access_token('writer', array['files:write']) ->> 'token' as writer \gset
select api.create_access_token('backup', array['files:write'], :'backup') ->> 'token' as folder \gset
select quota as drive_quota, used as drive_used from api.storage_usage \gset
select tests.clear_authentication();

-- The list itself names only real api objects, each of the kind it says.
select is(
  array(
    select t.name from app.token_api_objects() t
    where not (t.access = 'read' and exists (select from pg_class c join pg_namespace n on n.oid = c.relnamespace
                                             where n.nspname = 'api' and c.relname = t.name and c.relkind = 'v'))
      and not (t.access = 'call' and exists (select from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                                             where n.nspname = 'api' and p.proname = t.name))
    order by 1),
  '{}'::text[], 'every object the token list names is an api view (read) or function (call)');

-- The catalog, for each kind of token.
select tests.act_with_token(:'reader');
select is(pg_temp.unlisted_reached(), '{}'::text[], 'a read token reaches no api object off the list');
select is(pg_temp.listed_refused(), '{}'::text[], 'a read token reaches every object on the list');
select tests.act_with_token(:'writer');
select is(pg_temp.unlisted_reached(), '{}'::text[], 'a write token reaches no api object off the list');
select tests.act_with_token(:'folder');
select is(pg_temp.unlisted_reached(), '{}'::text[], 'a folder token reaches no api object off the list');
select is(pg_temp.listed_refused(), array['empty_trash'], 'a folder token reaches the list but emptying the whole trash');

-- The leaks found, one by one.
select tests.act_with_token(:'reader');
select ok(not pg_temp.passes('GET', '/my_sessions'), 'a read token cannot list the account''s sessions');
select ok(not pg_temp.passes('GET', '/my_subscription'), 'a read token cannot read the subscription');
select ok(not pg_temp.passes('HEAD', '/my_transactions'), 'a read token cannot count payments');
select ok(not pg_temp.passes('GET', '/rpc/me'), 'a read token cannot read the account');
select ok(pg_temp.passes('GET', '/files'), 'a read token lists files');
select ok(not pg_temp.passes('PATCH', '/tags'), 'a view on the list is read, never written through');
select ok(not pg_temp.passes('DELETE', '/files'), 'nor deleted through');
select ok(not pg_temp.passes('GET', '/files/../my_sessions'), 'a path with .. is no view of the list');
select ok(not pg_temp.passes('GET', '/rpc/search_files/x'), 'nor is an rpc path with more after the name');
select ok(pg_temp.passes('PUT', '/webdav/Backup/a.txt'), 'the webdav function''s own paths pass (it calls SQL that checks)');
select tests.act_with_token(:'writer');
select ok(not pg_temp.passes('GET', '/my_sessions'), 'a write token cannot list the account''s sessions');
select ok(not pg_temp.passes('GET', '/my_subscription'), 'a write token cannot read the subscription');
select ok(pg_temp.passes('POST', '/rpc/empty_trash'), 'a whole-drive write token may empty the trash');
select tests.act_with_token(:'folder');
select ok(not pg_temp.passes('GET', '/my_sessions'), 'a folder token cannot list the account''s sessions');
select ok(not pg_temp.passes('GET', '/my_subscription'), 'a folder token cannot read the subscription');

-- storage_usage: a folder token sees its folder's bytes and the drive's quota and room.
select is((select used from api.storage_usage), 300::bigint, 'a folder token''s used bytes are its folder''s');
select is((select quota from api.storage_usage), :'drive_quota'::bigint, 'it sees the drive''s quota');
select is((select available from api.storage_usage), :'drive_quota'::bigint - :'drive_used'::bigint,
  'and what the drive has still available, as a PUT into the folder needs');
select tests.act_with_token(:'reader');
select is((select used from api.storage_usage), 5300::bigint, 'a whole-drive token sees the drive''s used bytes');
select tests.clear_authentication();
select tests.authenticate_as(:'tess');
select is((select used from api.storage_usage), 5300::bigint, 'a password session sees the drive''s used bytes');
select is((select available from api.storage_usage), :'drive_quota'::bigint - 5300, 'and what is available');

-- A password session reaches the account as before.
select ok(pg_temp.passes('GET', '/my_sessions'), 'a password session lists its sessions');
select ok(pg_temp.passes('GET', '/my_subscription'), 'and reads its subscription');

-- UNLOCK needs files:write.
select tests.act_with_token(:'writer');
select token as lock_token from api.dav_lock('/at-root.txt', '0') \gset
select tests.act_with_token(:'reader');
select throws_ok(format('select api.dav_unlock(%L)', :'lock_token'), '42501', null,
  'a read token cannot remove a lock');
select tests.act_with_token(:'writer');
select lives_ok(format('select api.dav_unlock(%L)', :'lock_token'), 'a write token removes its lock');
select tests.clear_authentication();

select * from finish();
rollback;
