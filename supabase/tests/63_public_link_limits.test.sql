-- Downloads through public links are limited per client address: past the
-- limit the wait is answered (and nothing counted or logged); other
-- addresses, and requests without one, are not affected; nobody reads the
-- counters through the API.
begin;
select plan(13);

select tests.create_user('limit-ada@example.com', 'Ada') as ada \gset
select tests.create_user('limit-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';
insert into private.settings (key, value) values ('links.max_downloads_per_ip', '3'), ('links.download_window_seconds', '600')
  on conflict (key) do update set value = excluded.value;

select tests.authenticate_as(:'ada');
select (app.begin_upload('shared.txt', 10, 'text/plain') ->> 'id')::uuid as up \gset
select app.record_upload_bytes(:'up', 10, repeat('a', 64), 'text/plain');
select (app.complete_upload(:'up') ->> 'id')::uuid as f \gset
select api.update_file(:'f', visibility => 'public');
select public_token as token from api.files where id = :'f' \gset
select tests.clear_authentication();

/* Acts as anon following the link from `ip` (null: no address). */
create function pg_temp.follow_from(ip text) returns void language plpgsql as $$
begin
  perform tests.authenticate_as_role('anon');
  perform set_config('request.headers', coalesce(json_build_object('x-client-ip', ip)::text, '{}'), true);
end
$$;
grant execute on function pg_temp.follow_from(text) to anon, authenticated;

select pg_temp.follow_from('203.0.113.7');
select is(app.start_public_download(:'token'), 0, 'a first download starts');
select is(app.start_public_download(:'token'), 0, 'a second one');
select is(app.start_public_download(:'token'), 0, 'a third one, the limit');
select ok(app.start_public_download(:'token') between 1 and 600, 'the fourth in the window must wait, at most the window');
select ok(app.start_public_download(:'token') > 0, 'and keeps waiting: refused requests do not reset anything');
select is(app.start_public_download('A' || repeat('b', 42)), 0, 'a link that does not serve is not counted (the caller answers 404)');

select pg_temp.follow_from('198.51.100.9');
select is(app.start_public_download(:'token'), 0, 'another address is not affected');
select pg_temp.follow_from(null);
select is(app.start_public_download(:'token'), 0, 'without an address nothing is counted');
select tests.clear_authentication();

select is((select count(*)::int from private.link_downloads where client_ip = '203.0.113.7'), 3, 'only the downloads that started were counted');
select is((select count(*)::int from app.activity_log where action = 'file.public_download' and target_id = :'f'), 5,
  'each started download is logged once, refused ones are not');

update private.link_downloads set created_at = now() - interval '11 minutes' where client_ip = '203.0.113.7';
select pg_temp.follow_from('203.0.113.7');
select is(app.start_public_download(:'token'), 0, 'once the downloads leave the window, the address may download again');
select tests.clear_authentication();
select is((select count(*)::int from private.link_downloads where client_ip = '203.0.113.7'), 1, 'expired rows are swept as downloads go');

select tests.authenticate_as(:'admin');
select throws_ok($$ select count(*) from private.link_downloads $$, '42501', null, 'not even an admin reads the counters through the API');
select tests.clear_authentication();

select * from finish();
rollback;
