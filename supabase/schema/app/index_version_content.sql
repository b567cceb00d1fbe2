-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.index_version_content(version_id uuid, content text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_user_id();
  max_bytes integer := app.search_content_max_bytes();
  target app.file_versions;
  clean text := content;
begin
  select * into target from app.file_versions v where v.id = version_id and v.owner_id = uid;
  if not found then
    raise exception using errcode = 'PT404', message = 'Version not found.';
  end if;
  if clean is not null then
    -- The cap app.set_file_content_text applies, on a character boundary.
    clean := left(clean, max_bytes);
    while octet_length(clean) > max_bytes loop
      clean := left(clean, char_length(clean) - greatest((octet_length(clean) - max_bytes + 3) / 4, 1));
    end loop;
    insert into app.object_texts (object_key, owner_id, content) values (target.object_key, uid, clean)
    on conflict (object_key) do update set content = excluded.content;
  end if;
  if exists (select from app.files f where f.id = target.file_id and f.current_version_id = target.id) then
    perform app.set_file_content_text(target.file_id, clean);
    delete from app.content_reindex q where q.file_id = target.file_id;
  end if;
end
$function$;
grant execute on function app.index_version_content(version_id uuid, content text) to authenticated;
grant execute on function app.index_version_content(version_id uuid, content text) to service_role;
comment on function app.index_version_content(version_id uuid, content text) is 'Keeps the text of a version''s object and, when it is the current version, makes it the file''s content text.';
