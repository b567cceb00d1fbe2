-- What a folder-limited access token reads besides files: Tess tags files in
-- Backup and in Private; a token limited to Backup lists only Backup's tags
-- (list_tags, the tags view, file_tags), still attaches a tag Private uses,
-- and reads none of her shares, share links or payments. Her password
-- session and an unlimited token still read all of them; Bob reads none.
begin;
select plan(24);

select tests.create_user('tfr-tess@example.com', 'Tess') as tess \gset
select tests.create_user('tfr-bob@example.com', 'Bob') as bob \gset

-- Tess's drive: Backup/Inner with tagged files, Private with a secret tag, a share, a link and a payment.
select tests.authenticate_as(:'tess');
select (api.create_folder('Backup')).id as backup \gset
select (api.create_folder('Inner', :'backup')).id as inner \gset
select (api.create_folder('Private')).id as private \gset
select tests.put_file('b.txt', :'backup') as f_backup \gset
select tests.put_file('i.txt', :'inner') as f_inner \gset
select tests.put_file('p.txt', :'private') as f_private \gset
select api.add_tags(:'f_backup', array['backup-tag']);
select api.add_tags(:'f_inner', array['inner-tag', 'shared-tag']);
select api.add_tags(:'f_private', array['salary-secret', 'shared-tag', 'reused']);
select api.share_with('tfr-bob@example.com', folder_id => :'private', role => 'viewer');
select api.create_share_link(file_id => :'f_private', label => 'payroll for the accountant');
select (api.create_access_token('backup', array['files:read', 'files:write'], :'backup')) ->> 'token' as limited \gset
select (api.create_access_token('all', array['files:read'])) ->> 'token' as unlimited \gset
select tests.clear_authentication();
insert into app.transactions (user_id, plan_code, amount, phone, state, account_reference, description)
select :'tess', p.code, p.price_kes, '254708374149', 'failed', 'pgdrive', 'test' from app.plans p where p.price_kes > 0 limit 1;

-- The password session reads everything.
select tests.authenticate_as(:'tess');
select is((select array_agg(name order by name) from api.list_tags()),
  array['backup-tag', 'inner-tag', 'reused', 'salary-secret', 'shared-tag'], 'the owner lists all her tags');
select is((select count(*)::int from api.shares), 1, 'the owner lists her share');
select is((select count(*)::int from api.share_links), 1, 'the owner lists her share link');
select is((select count(*)::int from api.my_transactions), 1, 'the owner lists her payment');

-- A token limited to Backup reads only Backup's tags.
select tests.act_with_token(:'limited');
select is((select array_agg(name order by name) from api.list_tags()),
  array['backup-tag', 'inner-tag', 'shared-tag'], 'a folder-limited token lists only tags on files inside its folder');
select is((select file_count from api.list_tags() where name = 'shared-tag'), 1::bigint,
  'and counts only the files inside its folder');
select is((select array_agg(name order by name) from api.tags),
  array['backup-tag', 'inner-tag', 'shared-tag'], 'the tags view shows it the same');
select is((select count(*)::int from api.file_tags), 3, 'file_tags shows it only the links of files inside');
select is((select count(*)::int from app.file_tags where file_id = :'f_private'), 0,
  'it reads no tag link of a file outside');
select is(api.search_files(tags => array['salary-secret']) -> 'total', '0', 'searching by an outside tag finds nothing');
select is((select array_agg(t ->> 'name' order by t ->> 'name') from jsonb_array_elements(api.add_tags(:'f_backup', array['reused'])) t),
  array['backup-tag', 'reused'], 'tagging with a name used only outside attaches the owner''s existing tag');
select is((select count(*)::int from app.tags where name = 'reused'), 1, 'it now reads that tag, as it is on a file inside');
select throws_ok(format($$select api.add_tags(%L, array['x'])$$, :'f_private'), 'PT404', 'File not found.',
  'it cannot tag a file outside');
select is((select count(*)::int from api.shares), 0, 'it reads none of her shares');
select is((select count(*)::int from api.share_links), 0, 'nor her share links');
select is((select count(*)::int from api.my_transactions), 0, 'nor her payments');
select throws_ok(format($$select app.attach_tags(%L, %L, array['y'])$$, :'f_private', :'bob'), '42501',
  'You can tag only your own files.', 'attach_tags refuses an owner other than the caller');

-- An unlimited token reads every tag and share, but no links or payments.
select tests.act_with_token(:'unlimited');
select is((select count(*)::int from api.list_tags()), 5, 'an unlimited token lists every tag');
select is((select count(*)::int from api.shares), 1, 'and her shares');
select is((select count(*)::int from api.share_links), 0, 'but no share links');
select is((select count(*)::int from api.my_transactions), 0, 'and no payments');

-- Bob, the recipient, reads the share but none of Tess's tags; anon reads nothing.
select tests.clear_authentication();
select tests.authenticate_as(:'bob');
select is((select count(*)::int from api.list_tags()), 0, 'another user lists none of her tags');
select is((select count(*)::int from api.shared_with_me), 1, 'the recipient sees the share with a password session');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select * from api.list_tags()$$, '42501', null, 'anon lists no tags');

select * from finish();
rollback;
