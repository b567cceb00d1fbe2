-- An editor's uploads into a folder shared with them are the owner's: the
-- file, and the bytes, reserved and then counted against the owner's quota
-- (refused with the owner's quota in the message), never the editor's. The
-- steps after the start are the editor's alone. Revoking the share, turning
-- it to viewer, its expiry, or revoking a link stops an upload in flight:
-- nothing is committed and nothing stays reserved. A viewer, another user,
-- anon and an admin upload nothing into the folder.
begin;
select plan(36);

select tests.create_user('eup-ada@example.com', 'Ada') as ada \gset
select tests.create_user('eup-cy@example.com', 'Cy') as cy \gset
select tests.create_user('eup-vee@example.com', 'Vee') as vee \gset
select tests.create_user('eup-eve@example.com', 'Eve') as eve \gset
select tests.create_user('eup-admin@example.com', 'Admin') as admin \gset
insert into app.user_roles (user_id, role_id) select :'admin', id from app.roles where name = 'admin';
-- Ada's drive holds 100 bytes; Cy's a gigabyte.
insert into app.storage_accounts (owner_id, quota) values (:'ada', 100)
  on conflict (owner_id) do update set quota = excluded.quota;

/* Begins an upload as the caller into a folder; answers its id. */
create function pg_temp.begin(file_name text, bytes bigint, folder uuid) returns uuid language sql as $$
  select (app.begin_upload(file_name, bytes, 'text/plain', folder) ->> 'id')::uuid
$$;
/* Sends (records) the bytes of an upload as the caller. */
create function pg_temp.send(upload uuid, bytes bigint) returns void language sql as $$
  select app.record_upload_bytes(upload, bytes, repeat('a', 64), 'text/plain')
$$;
grant execute on function pg_temp.begin(text, bigint, uuid), pg_temp.send(uuid, bigint) to anon, authenticated;

select tests.authenticate_as(:'ada');
select (api.create_folder('Team')).id as team \gset
select (api.create_folder('Private')).id as private \gset
select api.share_with('eup-cy@example.com', folder_id => :'team', role => 'editor') -> 'share' ->> 'id' as cy_share \gset
select api.share_with('eup-vee@example.com', folder_id => :'team', role => 'viewer');
select tests.clear_authentication();

-- The editor's upload reserves the owner's storage.
select tests.authenticate_as(:'cy');
select pg_temp.begin('plan.txt', 40, :'team') as up1 \gset
select is((select owner_id from app.uploads where id = :'up1'), :'ada'::uuid, 'an editor''s upload into the shared folder is the owner''s');
select is((select uploader_id from app.uploads where id = :'up1'), :'cy'::uuid, 'and names the editor who sends it');
select is((select reserved from api.storage_usage), 0::bigint, 'the editor''s own storage reserves nothing for it');
select throws_like($$select pg_temp.begin('big.txt', 70, '$$ || :'team' || $$')$$,
  'Not enough storage in this shared folder: this needs 70 bytes but only 60 bytes of its owner''s 100 bytes is free.',
  'an upload the owner''s quota cannot hold is refused with the owner''s quota in the message');
select tests.clear_authentication();

select tests.authenticate_as(:'ada');
select is((select reserved from api.storage_usage), 40::bigint, 'the owner''s storage reserves the editor''s upload in flight');
select is((select count(*)::int from app.uploads where id = :'up1'), 1, 'the owner sees the upload filling her drive');
select throws_ok(format($$select pg_temp.send(%L, 40)$$, :'up1'), 'PT404', null, 'but the bytes are the editor''s to send');
select throws_ok(format($$select app.complete_upload(%L)$$, :'up1'), 'PT404', null, 'and to complete');
select throws_ok(format($$select app.cancel_upload(%L)$$, :'up1'), 'PT404', null, 'and to cancel');
select tests.clear_authentication();

select tests.authenticate_as(:'eve');
select is((select count(*)::int from app.uploads where id = :'up1'), 0, 'another user does not see it');
select throws_ok(format($$select app.complete_upload(%L)$$, :'up1'), 'PT404', null, 'nor completes it');
select throws_ok(format($$select pg_temp.begin('x.txt', 1, %L)$$, :'team'), 'PT404', null, 'nor uploads into the shared folder');
select tests.clear_authentication();

select tests.authenticate_as(:'cy');
select is((select count(*)::int from app.uploads where id = :'up1'), 1, 'the editor sees the upload they send');
select pg_temp.send(:'up1', 40);
select is((app.complete_upload(:'up1') ->> 'owner_id')::uuid, :'ada'::uuid, 'the completed file is the owner''s');
select is((select used from api.storage_usage), 0::bigint, 'the editor''s usage does not grow');
select throws_ok(format($$select pg_temp.begin('x.txt', 1, %L)$$, :'private'), 'PT404', null, 'the editor uploads nothing into the owner''s other folders');
select tests.clear_authentication();

select tests.authenticate_as(:'ada');
select is((select used from api.storage_usage), 40::bigint, 'the owner''s usage grows by the editor''s upload');
select is((select reserved from api.storage_usage), 0::bigint, 'and nothing stays reserved');
select tests.clear_authentication();

select tests.authenticate_as(:'vee');
select throws_ok(format($$select pg_temp.begin('x.txt', 1, %L)$$, :'team'), 'PT404', null, 'a viewer uploads nothing into the folder');
select tests.clear_authentication();
select tests.authenticate_as(:'admin');
select throws_ok(format($$select pg_temp.begin('x.txt', 1, %L)$$, :'team'), 'PT404', null, 'nor does an admin');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok(format($$select pg_temp.begin('x.txt', 1, %L)$$, :'team'), '42501', null, 'nor anon');
select tests.clear_authentication();

-- Revoking the share mid-upload: the upload is gone, its reservation with it.
select tests.authenticate_as(:'cy');
select pg_temp.begin('draft.txt', 30, :'team') as up2 \gset
select tests.clear_authentication();
select object_key as key2 from app.uploads where id = :'up2' \gset
select tests.authenticate_as(:'ada');
select api.revoke_share(:'cy_share');
select is((select reserved from api.storage_usage), 0::bigint, 'revoking the share frees what the editor''s upload in flight reserved');
select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select throws_ok(format($$select pg_temp.send(%L, 30)$$, :'up2'), 'PT404', null, 'the bytes after a revocation are refused');
select throws_ok(format($$select app.complete_upload(%L)$$, :'up2'), 'PT404', null, 'and so is the completion');
select tests.clear_authentication();
select is((select count(*)::int from app.uploads where id = :'up2'), 0, 'the upload is gone');
select is((select count(*)::int from app.storage_garbage where object_key = :'key2'), 1, 'and its bytes are queued for deletion');
select is((select count(*)::int from app.files where name = 'draft.txt'), 0, 'nothing was committed');

-- Turned to viewer mid-upload, the same.
select tests.authenticate_as(:'ada');
select api.share_with('eup-cy@example.com', folder_id => :'team', role => 'editor') -> 'share' ->> 'id' as cy_share \gset
select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select pg_temp.begin('draft.txt', 30, :'team') as up3 \gset
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select api.update_share(:'cy_share', role => 'viewer');
select is((select count(*)::int from app.uploads where id = :'up3'), 0, 'turning the editor into a viewer drops their upload in flight');
select tests.clear_authentication();

-- A share that ends on its own, with no change to its row: the next step is refused.
select tests.authenticate_as(:'ada');
select api.update_share(:'cy_share', role => 'editor');
select tests.clear_authentication();
select tests.authenticate_as(:'cy');
select pg_temp.begin('late.txt', 10, :'team') as up4 \gset
select tests.clear_authentication();
alter table app.shares disable trigger shares_drop_stranded_uploads;
update app.shares set expires_at = now() - interval '1 second' where id = :'cy_share';
alter table app.shares enable trigger shares_drop_stranded_uploads;
select tests.authenticate_as(:'cy');
select throws_ok(format($$select pg_temp.send(%L, 10)$$, :'up4'), 'PT403', 'This folder is no longer shared with you for editing.',
  'once the share has expired, the editor''s next step is refused');
select tests.clear_authentication();

-- A revoked link drops its uploads in flight.
select tests.authenticate_as(:'ada');
select api.create_share_link(folder_id => :'team', type => 'file_drop') as link \gset
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select app.begin_share_upload(:'link'::jsonb ->> 'token', null, 'dropped.txt', 5, 'text/plain') ->> 'id' as up5 \gset
select tests.clear_authentication();
select tests.authenticate_as(:'ada');
select is((select reserved from api.storage_usage), 15::bigint, 'a visitor''s upload through a link reserves the owner''s storage');
select api.revoke_share_link((:'link'::jsonb ->> 'id')::uuid);
select is((select count(*)::int from app.uploads where id = :'up5'), 0, 'revoking the link drops its upload in flight');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok(format($$select app.share_upload_target(%L, null, %L, 5)$$, :'link'::jsonb ->> 'token', :'up5'), 'PT404', null,
  'and its bytes are refused');
select tests.clear_authentication();

-- Resumable uploads through a link: a kind of their own, whose bytes come only through tus.
select tests.authenticate_as(:'ada');
select api.create_share_link(folder_id => :'team', type => 'file_drop') ->> 'token' as drop_token \gset
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select app.begin_share_upload(:'drop_token', null, 'resumable.txt', 5, 'text/plain', null, null, 'tus') ->> 'id' as up6 \gset
select is((app.share_upload_target(:'drop_token', null, :'up6', null, 'tus') ->> 'max_bytes')::bigint, 5::bigint,
  'a tus upload through a link takes its bytes through tus');
select throws_ok(format($$select app.share_upload_target(%L, null, %L, 5)$$, :'drop_token', :'up6'), 'PT404', null,
  'and never through the signed PUT');
select throws_ok(format($$select app.begin_share_upload(%L, null, 'x.txt', 5, 'text/plain', null, null, 'direct')$$, :'drop_token'), 'PT400', null,
  'a link knows only signed and tus uploads');
select tests.clear_authentication();
select cmp_ok((select expires_at from app.uploads where id = :'up6'), '>', now() + interval '2 hours',
  'and a tus upload keeps its reservation as long as the owner''s tus uploads do');

select * from finish();
rollback;
