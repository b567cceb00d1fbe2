-- A small text file made as the signed-in user, through the drive's own upload functions (begin, record
-- the bytes, complete): 5 bytes of text/plain whose checksum is the name's. Answers the file's id.
create or replace function tests.put_file(file_name text, folder uuid default null) returns uuid language plpgsql as $$
declare
  up jsonb := app.begin_upload(file_name, 5, 'text/plain', folder);
begin
  perform app.record_upload_bytes((up ->> 'id')::uuid, 5, encode(extensions.digest(file_name, 'sha256'), 'hex'), 'text/plain');
  return (app.complete_upload((up ->> 'id')::uuid) ->> 'id')::uuid;
end
$$;
