-- Share links, the owner's side: the policy published per type, making a
-- link (the token shown once, only its hash kept), the options checked
-- against the policy, changing and revoking; another user, anon and the
-- admin each get exactly what they may; public files are view links.
begin;
select plan(54);

select tests.create_user('share-ada@example.com', 'Ada') as ada \gset
select tests.create_user('share-bob@example.com', 'Bob') as bob \gset
select tests.create_user('share-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';

create function pg_temp.put(file_name text, bytes bigint, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name || bytes, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, bigint, uuid) to authenticated;

-- The policy is published to everyone, with the issue's defaults.
select tests.authenticate_as_role('anon');
select is(api.sharing_policy() -> 'view',
  '{"default_expiry_days": 7, "max_expiry_days": 30, "allow_no_expiry": false, "password_required": false, "min_password_length": 10}'::jsonb,
  'anyone reads the view policy: 7 days by default, 30 at most, no endless links, no password required, 10 characters');
select is((api.sharing_policy() -> 'edit' ->> 'password_required')::boolean, true, 'edit links need a password by default');
select is((api.sharing_policy() -> 'file_drop' ->> 'password_required')::boolean, false, 'file drops do not');
select is((select count(*)::int from jsonb_object_keys(api.sharing_policy())), 4, 'the policy names all four types');
select throws_ok($$select api.create_share_link(file_id => gen_random_uuid())$$, '42501', null, 'anon cannot make a link');
select throws_ok($$select * from api.share_links$$, '42501', null, 'anon cannot list links');
select throws_ok($$select * from app.share_links$$, '42501', null, 'anon cannot read the links table');
select tests.clear_authentication();

-- The owner makes links.
select tests.authenticate_as(:'ada');
select pg_temp.put('report.txt', 100) as f \gset
select (api.create_folder('Project')).id as d \gset
select api.create_share_link(file_id => :'f', label => ' For Bob ', note => 'Have a look') as l1 \gset
select (:'l1'::jsonb ->> 'id')::uuid as l1_id, :'l1'::jsonb ->> 'token' as t1 \gset
select ok(:'t1' ~ '^[A-Za-z0-9_-]{43}$', 'a link has a 43-character token (256 random bits)');
select is(:'l1'::jsonb ->> 'url', 'http://127.0.0.1:54323/s/' || :'t1', 'and the url of its public page');
select is(:'l1'::jsonb ->> 'type', 'view', 'a link views by default');
select is(:'l1'::jsonb ->> 'label', 'For Bob', 'the label is trimmed');
select is(:'l1'::jsonb ->> 'state', 'active', 'a new link is active');
select ok((:'l1'::jsonb ->> 'expires_at')::timestamptz between now() + interval '7 days' - interval '1 minute' and now() + interval '7 days',
  'a link made without an expiry expires in the default 7 days');
select is((select count(*)::int from api.share_links where id = :'l1_id' and item_name = 'report.txt' and downloads = 0), 1,
  'the owner sees the link, its item and its downloads');
select throws_ok(format($$select token_hash from app.share_links where id = %L$$, :'l1_id'), '42501', null,
  'the owner cannot select the token hash');
select tests.clear_authentication();
select is((select token_hash from app.share_links where id = :'l1_id'), extensions.digest(:'t1', 'sha256'), 'only the SHA-256 of the token is stored');
select is((select strpos(row_to_json(l)::text, :'t1') from app.share_links l where id = :'l1_id'), 0, 'the token itself is stored nowhere');
select tests.authenticate_as(:'ada');

-- Options are checked against the policy.
select throws_ok(format($$select api.create_share_link(file_id => %L, type => 'edit')$$, :'f'), 'PT400',
  'A edit link shares a folder, not a file.', 'an edit link cannot point at a file');
select throws_ok(format($$select api.create_share_link(folder_id => %L, type => 'edit')$$, :'d'), 'PT400',
  'A edit link needs a password of at least 10 characters.', 'an edit link needs a password');
select throws_ok(format($$select api.create_share_link(folder_id => %L, type => 'edit', password => 'short')$$, :'d'), 'PT400',
  'A link password needs at least 10 characters.', 'a short password is refused');
select throws_ok(format($$select api.create_share_link(file_id => %L, expires_at => now() + interval '31 days')$$, :'f'), 'PT400',
  'A view link can expire at most 30 days from today.', 'an expiry past the maximum is refused');
select throws_ok(format($$select api.create_share_link(file_id => %L, expires_at => now() - interval '1 second')$$, :'f'), 'PT400',
  'The expiry must be in the future.', 'an expiry in the past is refused');
select throws_ok(format($$select api.create_share_link(file_id => %L, expires_at => 'infinity')$$, :'f'), 'PT400',
  'A view link must expire: at most 30 days from today.', 'a link without expiry is refused by default');
select throws_ok(format($$select api.create_share_link(file_id => %L, type => 'open')$$, :'f'), 'PT400', null, 'an unknown type is refused');
select throws_ok(format($$select api.create_share_link(file_id => %L, folder_id => %L)$$, :'f', :'d'), 'PT400',
  'Name either file_id or folder_id.', 'a link points at one item');
select throws_ok(format($$select api.create_share_link(file_id => %L, max_downloads => 0)$$, :'f'), 'PT400', null, 'a limit of 0 is refused');
select api.create_share_link(folder_id => :'d', type => 'edit', password => 'correct horse', max_downloads => 5,
  expires_at => now() + interval '30 days') as l2 \gset
select (:'l2'::jsonb ->> 'id')::uuid as l2_id \gset
select ok((:'l2'::jsonb ->> 'has_password')::boolean and (:'l2'::jsonb ->> 'max_downloads')::int = 5,
  'an edit link with a password, a limit and the maximum expiry is made');
select tests.clear_authentication();
select ok((select password_hash like '$2a$%' from app.share_links where id = :'l2_id'), 'the password is stored as a bcrypt hash');
update private.settings set value = 'true' where key = 'sharing.view.allow_no_expiry';
select tests.authenticate_as(:'ada');
select is(api.create_share_link(file_id => :'f', expires_at => 'infinity') ->> 'expires_at', null,
  'where the policy allows, a link can have no expiry');

-- Changing a link.
select is((api.update_share_link(:'l1_id', expires_at => now() + interval '20 days') ->> 'expires_at')::timestamptz > now() + interval '19 days',
  true, 'the owner extends a link within the maximum, counted from today');
select throws_ok(format($$select api.update_share_link(%L, expires_at => now() + interval '40 days')$$, :'l1_id'), 'PT400', null,
  'but not past it');
select throws_ok(format($$select api.update_share_link(%L, password => '')$$, :'l2_id'), 'PT400', null,
  'the password of an edit link cannot be removed');
select is(api.update_share_link(:'l2_id', max_downloads => 0) ->> 'max_downloads', null, 'max_downloads 0 removes the limit');
select is(api.update_share_link(:'l1_id', label => '') ->> 'label', null, 'an empty label removes it');
select tests.clear_authentication();
update app.share_links set downloads = 3, max_downloads = 3 where id = :'l1_id';
select tests.authenticate_as(:'ada');
select is((select state from api.share_links where id = :'l1_id'), 'limit_reached', 'a link at its limit says so');
select is(api.update_share_link(:'l1_id', max_downloads => 10) ->> 'state', 'active', 'raising the limit revives it');
select tests.clear_authentication();

-- Another user.
select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.share_links), 0, 'another user sees none of my links');
select is((select count(*)::int from app.share_links), 0, 'nor their rows');
select throws_ok(format($$select api.update_share_link(%L, label => 'mine')$$, :'l1_id'), 'PT404', 'Link not found.',
  'another user cannot change my link');
select throws_ok(format($$select api.revoke_share_link(%L)$$, :'l1_id'), 'PT404', 'Link not found.', 'nor revoke it');
select throws_ok(format($$select api.create_share_link(file_id => %L)$$, :'f'), 'PT404', 'File not found.',
  'nor make a link to my file');
select throws_ok($$select api.admin_share_links()$$, '42501', null, 'nor list everyone''s links');
select tests.clear_authentication();

-- The admin lists every live link and revokes one, never sees a token or changes a link.
select tests.authenticate_as(:'admin');
select is((select count(*)::int from jsonb_array_elements(api.admin_share_links() -> 'links') x
  where x ->> 'owner_email' = 'share-ada@example.com'), 3, 'an admin lists every live link with its owner');
select is((select count(*)::int from api.share_links), 0, 'the admin''s own list holds only their links');
select throws_ok(format($$select api.update_share_link(%L, label => 'x')$$, :'l1_id'), 'PT404', null, 'an admin cannot change my link');
select is(api.revoke_share_link(:'l2_id') ->> 'state', 'revoked', 'an admin can revoke it');
select tests.clear_authentication();
select is((select array_agg(distinct action order by action) from app.activity_log where target_id in (:'l1_id', :'l2_id')),
  array['share_link.create', 'share_link.revoke', 'share_link.update'], 'made, changed and revoked links are logged');
select is((select count(*)::int from app.activity_log where action = 'share_link.revoke' and target_id = :'l2_id'
  and actor_id = :'admin' and (meta ->> 'by_admin')::boolean), 1, 'the revocation is logged as the admin''s');

-- Revoked is final; the log tells the story.
select tests.authenticate_as(:'ada');
select throws_ok(format($$select api.update_share_link(%L, label => 'again')$$, :'l2_id'), 'PT409', null, 'a revoked link cannot be changed');

-- Public files are view links with the same token.
select (api.update_file(:'f', visibility => 'public')).public_token as pt \gset
select is((select type || ':' || from_public_link::text from api.share_links where file_id = :'f' and from_public_link and state = 'active'),
  'view:true', 'making a file public makes a view link');
select tests.clear_authentication();
select is((select count(*)::int from app.share_links where token_hash = extensions.digest(:'pt', 'sha256') and revoked_at is null), 1,
  'with the public token''s hash');
select tests.authenticate_as(:'ada');
select is(api.revoke_share_link((select id from api.share_links where from_public_link and state = 'active')) ->> 'state', 'revoked',
  'the owner revokes the link of a public file');
select is((select visibility from api.files where id = :'f'), 'private', 'revoking a public file''s link makes the file private');
select is(app.public_version(:'pt'), null, 'and the old route stops serving it');
select tests.clear_authentication();

select * from finish();
rollback;
