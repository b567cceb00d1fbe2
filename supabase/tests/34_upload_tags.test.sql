-- Tags given at upload land on the file when the upload completes.
begin;
select plan(3);

select tests.create_user('upload-tags@example.com') as ada \gset
insert into app.files (id, owner_id, name, mime_type) values ('7b000000-0000-4000-8000-000000000001', :'ada', 'scan.pdf', 'application/pdf');
insert into app.uploads (id, owner_id, name, mime_type, tags, object_key, kind, expires_at) values
  ('7b000000-0000-4000-8000-0000000000a1', :'ada', 'scan.pdf', 'application/pdf', array[' Receipts ', 'tax 2024', 'receipts'],
   'bench-object-1', 'signed', now() + interval '1 hour');

select is((select count(*) from app.file_tags where file_id = '7b000000-0000-4000-8000-000000000001')::integer, 0,
  'a pending upload tags nothing');
update app.uploads set status = 'completed', completed_at = now(), file_id = '7b000000-0000-4000-8000-000000000001'
where id = '7b000000-0000-4000-8000-0000000000a1';
select is((select array_agg(t.name order by t.name) from app.file_tags ft join app.tags t on t.id = ft.tag_id
           where ft.file_id = '7b000000-0000-4000-8000-000000000001'), array['receipts', 'tax 2024'],
  'completing the upload puts its normalised tags on the file');
select is((select owner_id from app.tags where name = 'receipts'), :'ada'::uuid, 'the tags join the uploader''s vocabulary');

select * from finish();
rollback;
