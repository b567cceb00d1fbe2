-- A folder-limited token copies nothing in from outside its folder and
-- names no folder outside it in breadcrumbs.
begin;
select plan(4);

select tests.create_user('pat-copy@example.com', 'Cory') as cory \gset

create function pg_temp.put(file_name text, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, 5, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, 5, encode(extensions.digest(file_name, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, uuid) to authenticated;

-- The claims inside a JWT (its middle part, base64url).
create function pg_temp.claims_of(jwt text) returns jsonb language sql as $$
  select convert_from(decode(rpad(translate(p, '-_', '+/'), (length(p) + 3) / 4 * 4, '='), 'base64'), 'UTF8')::jsonb
  from split_part(jwt, '.', 2) p
$$;

-- Exchanges a token (as anon, from one address) and acts with the JWT's claims, as the gateway would.
create function pg_temp.act_with(secret text) returns jsonb language plpgsql as $$
declare
  answer jsonb;
begin
  perform tests.clear_authentication();
  perform tests.authenticate_as_role('anon');
  perform set_config('request.headers', '{"x-client-ip": "198.51.100.7"}', true);
  answer := api.token_from_access_token(secret);
  perform tests.clear_authentication();
  if answer ->> 'code' is not null then
    return answer;
  end if;
  perform tests.authenticate_as_role('authenticated', pg_temp.claims_of(answer -> 0 ->> 'token'));
  return answer;
end
$$;
grant execute on function pg_temp.claims_of(text) to anon, authenticated;
grant execute on function pg_temp.act_with(text) to anon, authenticated;

select tests.authenticate_as(:'cory');
select (api.create_folder('Backup')).id as backup \gset
select (api.create_folder('Inner', :'backup')).id as inner \gset
select (api.create_folder('Other')).id as other \gset
select pg_temp.put('secret.txt', :'other') as f_other \gset
select pg_temp.put('mine.txt', :'backup') as f_mine \gset
select api.create_access_token('backup', array['files:write'], :'backup') ->> 'token' as token \gset

select pg_temp.act_with(:'token');
select throws_ok(format($$select api.copy_file(%L, %L)$$, :'f_other', :'backup'), 'PT404', 'File not found.',
  'a folder token cannot copy a file from outside into its folder');
select lives_ok(format($$select api.copy_file(%L, %L, 'copy.txt')$$, :'f_mine', :'inner'),
  'a folder token copies inside its folder');
select throws_ok(format($$select * from api.folder_path(%L)$$, :'other'), 'PT404', 'Folder not found.',
  'a folder token gets no breadcrumbs of a folder outside');
select is(array(select name from api.folder_path(:'inner')), array['Backup', 'Inner'],
  'breadcrumbs start at the token''s folder');

select * from finish();
rollback;
