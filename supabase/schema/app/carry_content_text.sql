-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.carry_content_text(target_file uuid, source_file uuid DEFAULT NULL::uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  current_version app.file_versions;
  known text;
begin
  select v.* into current_version
  from app.files f join app.file_versions v on v.id = f.current_version_id
  where f.id = target_file;
  if not found then
    return;
  end if;
  if not app.type_has_text(current_version.mime_type) then
    perform app.set_file_content_text(target_file, null);
    return;
  end if;
  select t.content into known from app.object_texts t where t.object_key = current_version.object_key;
  if known is null and source_file is not null then
    select c.content into known
    from app.file_contents c
    join app.files s on s.id = c.file_id
    join app.file_versions sv on sv.id = s.current_version_id
    where c.file_id = source_file and sv.object_key = current_version.object_key;
  end if;
  perform app.set_file_content_text(target_file, known);
  if known is null then
    insert into app.content_reindex (file_id) values (target_file) on conflict (file_id) do nothing;
  end if;
end
$function$;
