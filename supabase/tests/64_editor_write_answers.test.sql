-- An editor of a shared folder who renames, moves or trashes a file inside
-- it gets the changed row back, as the owner does; the owner still does;
-- nobody else gets a row (or changes anything), and the owner's public link
-- token never reaches the editor.
begin;
select plan(12);

select tests.create_user('answers-ada@example.com', 'Ada') as ada \gset
select tests.create_user('answers-cy@example.com', 'Cy') as cy \gset
select tests.create_user('answers-eve@example.com', 'Eve') as eve \gset

create function pg_temp.put(file_name text, bytes bigint, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name || bytes, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, bigint, uuid) to authenticated;

-- Ada's drive: Team/{notes.txt (public), Drafts/}, mine.txt; Team is shared with Cy as editor.
select tests.authenticate_as(:'ada');
select (api.create_folder('Team')).id as team \gset
select (api.create_folder('Drafts', :'team')).id as drafts \gset
select pg_temp.put('notes.txt', 5, :'team') as notes \gset
select pg_temp.put('mine.txt', 5) as mine \gset
select api.update_file(:'notes', visibility => 'public');
select api.share_with('answers-cy@example.com', folder_id => :'team', role => 'editor');
select tests.clear_authentication();

select tests.authenticate_as(:'cy');
select is((api.rename_file(:'notes', 'minutes.txt')).name, 'minutes.txt', 'an editor''s rename answers the renamed row');
select is((api.move_file(:'notes', :'drafts')).folder_id, :'drafts'::uuid, 'a move answers the moved row');
select is((api.move_file(:'notes', :'drafts')).owner_id, :'ada'::uuid, 'the row is the owner''s file');
select is((api.move_file(:'notes', :'drafts')).public_token, null, 'without the owner''s public link token');
select isnt((api.trash_file(:'notes')).trashed_at, null, 'a trash answers the row, now in the owner''s trash');
select throws_ok(format($$select api.rename_file(%L, 'x.txt')$$, :'mine'), 'PT404', null, 'nothing outside the share answers');
select throws_ok(format($$select app.file_row(%L)$$, :'notes'), '42501', null, 'the answering lookup is only for the write functions, not callable');
select tests.clear_authentication();

select tests.authenticate_as(:'eve');
select throws_ok(format($$select api.rename_file(%L, 'x.txt')$$, :'notes'), 'PT404', null, 'another user gets no row');
select tests.clear_authentication();
select is((select name from app.files where id = :'notes'), 'minutes.txt', 'and changes nothing');

select tests.authenticate_as(:'ada');
select is((api.rename_file(:'mine', 'ours.txt')).name, 'ours.txt', 'the owner''s rename still answers her row');
select isnt((api.rename_file(:'notes', 'back.txt')).public_token, null, 'with her public link token');
select isnt((api.trash_file(:'mine')).trashed_at, null, 'and her trash too');
select tests.clear_authentication();

select * from finish();
rollback;
