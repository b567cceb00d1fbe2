-- The admin's sharing overview (rpc/admin_share_links): a holder of
-- shares.read_all (the admin, or any role given it) sees every live link AND
-- every active people share of everyone, with owner, person, item and role;
-- expired, revoked and trashed ones are not there; pages hold for both. A
-- plain user and anon are refused (42501), and so is an admin whose role
-- lost the permission.
begin;
select plan(15);

select tests.create_user('overview-ada@example.com', 'Ada') as ada \gset
select tests.create_user('overview-bob@example.com', 'Bob') as bob \gset
select tests.create_user('overview-cy@example.com', 'Cy') as cy \gset
select tests.create_user('overview-admin@example.com', 'Admin') as admin \gset
select tests.create_user('overview-auditor@example.com', 'Auditor') as auditor \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';
insert into app.roles (name, description) values ('share_auditor', 'Reads the sharing overview.');
insert into app.role_permissions (role_id, permission_id)
  select r.id, p.id from app.roles r, app.permissions p where r.name = 'share_auditor' and p.name = 'shares.read_all';
insert into app.user_roles (user_id, role_id) select :'auditor', id from app.roles where name = 'share_auditor';
update app.users set email_confirmed_at = now() where id in (:'bob', :'cy');

-- Ada: a link, and a folder shared with Bob (editor) and Cy (viewer); one more share that has expired,
-- one on a folder in her trash, and a revoked link.
select tests.authenticate_as(:'ada');
select (api.create_folder('Team')).id as team \gset
select (api.create_folder('Old')).id as old \gset
select (api.create_folder('Gone')).id as gone \gset
select api.create_share_link(folder_id => :'team', type => 'view', label => 'for the team');
select (api.create_share_link(folder_id => :'old', type => 'view') ->> 'id') as revoked_link \gset
select api.revoke_share_link(:'revoked_link');
select api.share_with('overview-bob@example.com', folder_id => :'team', role => 'editor');
select api.share_with('overview-cy@example.com', folder_id => :'team', role => 'viewer');
select (api.share_with('overview-cy@example.com', folder_id => :'old') -> 'share' ->> 'id') as expired_share \gset
select api.share_with('overview-bob@example.com', folder_id => :'gone');
select api.trash_folder(:'gone');
select tests.clear_authentication();
update app.shares set expires_at = now() - interval '1 second' where id = :'expired_share';

create function pg_temp.shares_of(overview jsonb, owner_email text) returns text[] language sql as $$
  select coalesce(array_agg(x ->> 'recipient_email' || ' ' || (x ->> 'role') || ' ' || (x ->> 'item_name') order by x ->> 'recipient_email'), '{}')
  from jsonb_array_elements(overview -> 'shares') x where x ->> 'owner_email' = owner_email
$$;
grant execute on function pg_temp.shares_of(jsonb, text) to authenticated;

select tests.authenticate_as(:'admin');
select api.admin_share_links() as overview \gset
select is((select count(*)::int from jsonb_array_elements(:'overview'::jsonb -> 'links') x where x ->> 'owner_email' = 'overview-ada@example.com'),
  1, 'the admin sees every live link, not a revoked one');
select is(pg_temp.shares_of(:'overview'::jsonb, 'overview-ada@example.com'),
  array['overview-bob@example.com editor Team', 'overview-cy@example.com viewer Team'],
  'and every active people share with its person, role and item, not an expired one nor one on a trashed folder');
select is((select x - 'id' - 'owner_id' - 'recipient_id' - 'created_at' from jsonb_array_elements(:'overview'::jsonb -> 'shares') x
           where x ->> 'recipient_email' = 'overview-bob@example.com' and x ->> 'owner_email' = 'overview-ada@example.com'),
  jsonb_build_object('owner_email', 'overview-ada@example.com', 'owner_name', 'Ada', 'recipient_email', 'overview-bob@example.com',
    'recipient_name', 'Bob', 'item_type', 'folder', 'item_name', 'Team', 'role', 'editor', 'expires_at', null,
    'allow_reshare', false, 'shared_by_email', null),
  'a people share says who shared what with whom, how and until when');
select ok((:'overview'::jsonb ->> 'shares_total')::int >= 2 and (:'overview'::jsonb ->> 'total')::int >= 1, 'with the totals of both');
select is(jsonb_array_length(api.admin_share_links(per_page => 1) -> 'shares'), 1, 'people shares are paged as links are');
select is(api.admin_share_links(page => 2, per_page => 1) -> 'shares' -> 0 ->> 'id',
  (select x ->> 'id' from jsonb_array_elements(:'overview'::jsonb -> 'shares') with ordinality as t(x, n) where n = 2),
  'the second page is the next share, newest first');
select is((select count(*)::int from app.shares where owner_id = :'ada'), 0, 'the admin still reads no people share directly');
select throws_ok($$select api.revoke_share((select (x ->> 'id')::uuid from jsonb_array_elements(api.admin_share_links() -> 'shares') x limit 1))$$,
  'PT404', null, 'nor ends one: the overview is read only');
select throws_ok($$select api.admin_share_links(per_page => 0)$$, 'PT400', null, 'a bad page size is a 400');
select tests.clear_authentication();

select tests.authenticate_as(:'auditor');
select is(pg_temp.shares_of(api.admin_share_links(), 'overview-ada@example.com'),
  array['overview-bob@example.com editor Team', 'overview-cy@example.com viewer Team'],
  'any role holding shares.read_all reads the overview');
select tests.clear_authentication();

select tests.authenticate_as(:'bob');
select throws_ok($$select api.admin_share_links()$$, '42501', null, 'a plain user, even a recipient, reads no overview');
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select throws_ok($$select api.admin_share_links()$$, '42501', null, 'nor does an owner');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select api.admin_share_links()$$, '42501', null, 'anon is refused');
select tests.clear_authentication();

delete from app.role_permissions
  where role_id = (select id from app.roles where name = 'admin') and permission_id = (select id from app.permissions where name = 'shares.read_all');
select tests.authenticate_as(:'admin');
select throws_ok($$select api.admin_share_links()$$, '42501', null, 'an admin whose role lost shares.read_all is refused');
select tests.clear_authentication();
select tests.authenticate_as(:'auditor');
select ok(jsonb_typeof(api.admin_share_links() -> 'shares') = 'array', 'while the auditor keeps it');
select tests.clear_authentication();

select * from finish();
rollback;
