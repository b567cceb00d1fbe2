-- Content search text follows the file's current version through copies and
-- restored versions, as it does through uploads; a slow indexer of an old
-- version cannot overwrite newer text; unknown text is cleared and queued;
-- nobody indexes another user's versions.
begin;
select plan(20);

select tests.create_user('carry-ada@example.com', 'Ada') as ada \gset
select tests.create_user('carry-bob@example.com', 'Bob') as bob \gset

-- A helper to upload a complete file (or a new version of it) of a type, as the current user.
create function pg_temp.put(file_name text, bytes bigint, mime text default 'text/plain') returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, bytes, mime);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, bytes, encode(extensions.digest(file_name || bytes || mime, 'sha256'), 'hex'), mime);
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
grant execute on function pg_temp.put(text, bigint, text) to authenticated;
create function pg_temp.current_version(file uuid) returns uuid language sql as $$
  select current_version_id from app.files where id = file
$$;
grant execute on function pg_temp.current_version(uuid) to authenticated;
create function pg_temp.text_of(file uuid) returns text language sql as $$
  select content from app.file_contents where file_id = file
$$;
grant execute on function pg_temp.text_of(uuid) to authenticated;

select tests.authenticate_as(:'ada');
select pg_temp.put('notes.txt', 100) as f \gset
select pg_temp.current_version(:'f') as v1 \gset
select app.index_version_content(:'v1', 'alpha meeting notes');
select is(pg_temp.text_of(:'f'), 'alpha meeting notes', 'indexing the current version sets the file''s text');

-- Copies.
select (api.copy_file(:'f')).id as c \gset
select is(pg_temp.text_of(:'c'), 'alpha meeting notes', 'a copy has its original''s text');

-- Versions.
select pg_temp.put('notes.txt', 200) as f_again \gset
select pg_temp.current_version(:'f') as v2 \gset
select app.index_version_content(:'v2', 'beta budget figures');
select is(pg_temp.text_of(:'f'), 'beta budget figures', 'a new version''s text replaces the old one');
select app.index_version_content(:'v1', 'alpha meeting notes');
select is(pg_temp.text_of(:'f'), 'beta budget figures', 'indexing a version that is no longer current leaves the file''s text alone');
select api.restore_version(:'v1');
select is(pg_temp.text_of(:'f'), 'alpha meeting notes', 'restoring a version restores its text');
select api.restore_version(:'v2');
select is(pg_temp.text_of(:'f'), 'beta budget figures', 'restoring the other version brings its text back');
select pg_temp.put('notes.txt', 300, 'image/png');
select pg_temp.current_version(:'f') as v_png \gset
select app.index_version_content(:'v_png', null);
select is(pg_temp.text_of(:'f'), null, 'a version of a type without text clears the text');
select api.restore_version(:'v2');
select is(pg_temp.text_of(:'f'), 'beta budget figures', 'restoring a text version after it brings the text back');
select api.restore_version(:'v_png');
select is(pg_temp.text_of(:'f'), null, 'restoring a version without text clears the text');
select tests.clear_authentication();

-- Text kept per object, and a copy of a file indexed before texts were kept per object.
select is((select count(*)::int from app.object_texts where owner_id = :'ada'), 2, 'the text of each indexed object is kept once');
delete from app.object_texts where object_key = (select object_key from app.file_versions where id = :'v1');
select tests.authenticate_as(:'ada');
select pg_temp.put('old.txt', 10) as old \gset
select app.index_version_content(pg_temp.current_version(:'old'), 'gamma legacy words');
select tests.clear_authentication();
delete from app.object_texts where object_key = (select object_key from app.file_versions where id = pg_temp.current_version(:'old'));
select tests.authenticate_as(:'ada');
select (api.copy_file(:'old')).id as old_copy \gset
select is(pg_temp.text_of(:'old_copy'), 'gamma legacy words', 'a copy carries the original''s text even when its object''s text was not kept');

-- Unknown text is never stale: cleared, and queued for the maintenance job.
select api.restore_version(:'v1');
select is(pg_temp.text_of(:'f'), null, 'restoring a version whose text is unknown clears the stale text');
select tests.clear_authentication();
select is((select count(*)::int from app.content_reindex where file_id = :'f'), 1, 'and queues the file to be read again');
select tests.authenticate_as(:'ada');
select app.index_version_content(pg_temp.current_version(:'f'), 'alpha meeting notes');
select is(pg_temp.text_of(:'f'), 'alpha meeting notes', 'indexing the queued file restores its text');
select tests.clear_authentication();
select is((select count(*)::int from app.content_reindex where file_id = :'f'), 0, 'and takes it off the queue');

-- Nobody else indexes my versions.
select tests.authenticate_as(:'bob');
select throws_ok(format($$select app.index_version_content(%L, 'pwned')$$, :'v1'), 'PT404', 'Version not found.',
  'another user cannot index my version');
select throws_ok($$select * from app.object_texts$$, '42501', null, 'another user cannot read kept texts');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok(format($$select app.index_version_content(%L, 'pwned')$$, :'v1'), '42501', null, 'anon cannot index anything');
select tests.clear_authentication();

-- A purged object's text goes with it.
select tests.authenticate_as(:'ada');
select pg_temp.put('gone.txt', 10) as gone \gset
select pg_temp.current_version(:'gone') as gone_v \gset
select app.index_version_content(:'gone_v', 'delta doomed words');
select tests.clear_authentication();
select object_key as gone_key from app.file_versions where id = :'gone_v' \gset
select is((select count(*)::int from app.object_texts where object_key = :'gone_key'), 1, 'an indexed object''s text is kept');
select tests.authenticate_as(:'ada');
select api.purge_file(:'gone');
select tests.clear_authentication();
select is((select count(*)::int from app.object_texts where object_key = :'gone_key'), 0,
  'the text goes with the object when the object is queued for deletion');

select * from finish();
rollback;
