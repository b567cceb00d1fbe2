-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.set_file_content_text(file_id uuid, content text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  owner uuid;
  max_bytes integer := app.search_content_max_bytes();
  clean text;
begin
  -- Security invoker: RLS shows a user only their own files; the service role all.
  select f.owner_id into owner from app.files f where f.id = file_id;
  if owner is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  if content is null then
    delete from app.file_contents c where c.file_id = file_id;
    return;
  end if;
  -- Cut to the byte cap on a character boundary (each pass drops at least
  -- the excess bytes' worth of characters, at most 4 bytes each).
  clean := left(content, max_bytes);
  while octet_length(clean) > max_bytes loop
    clean := left(clean, char_length(clean) - greatest((octet_length(clean) - max_bytes + 3) / 4, 1));
  end loop;
  insert into app.file_contents (file_id, owner_id, content) values (file_id, owner, clean)
  on conflict on constraint file_contents_pkey do update set content = excluded.content, updated_at = now();
end
$function$;
grant execute on function app.set_file_content_text(file_id uuid, content text) to authenticated;
grant execute on function app.set_file_content_text(file_id uuid, content text) to service_role;
comment on function app.set_file_content_text(file_id uuid, content text) is 'Stores (null: removes) a file''s content text for search, cut to search.content_max_bytes; no permission check.';
