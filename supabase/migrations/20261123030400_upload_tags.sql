/*
 * Tags given at upload (`tags` of POST /functions/v1/files/uploads, kept in
 * app.uploads.tags) land on the file when its upload completes: the upload
 * row turning 'completed' with its file_id is the one moment both exist.
 * A trigger keeps this rule beside the tags instead of inside the upload code.
 */
create function app.uploads_attach_tags()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'completed' and old.status is distinct from 'completed'
     and new.file_id is not null and cardinality(new.tags) > 0 then
    perform app.attach_tags(new.file_id, new.owner_id, new.tags);
  end if;
  return null;
end
$$;

create trigger uploads_attach_tags after update of status on app.uploads
  for each row execute function app.uploads_attach_tags();
