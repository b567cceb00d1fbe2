-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.set_file_content_text(file_id uuid, content text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  if current_user <> 'service_role' then
    perform app.require_permission('files.write');
  end if;
  perform app.set_file_content_text(set_file_content_text.file_id, set_file_content_text.content);
end
$function$;
grant execute on function api.set_file_content_text(file_id uuid, content text) to authenticated;
grant execute on function api.set_file_content_text(file_id uuid, content text) to service_role;
comment on function api.set_file_content_text(file_id uuid, content text) is 'Stores the text of a text-like file (plain text, Markdown, CSV, JSON, source code) for content search, cut to search.content_max_bytes; null removes it. Needs the files.write permission.';
