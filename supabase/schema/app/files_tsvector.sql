-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.files_tsvector()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  if current_setting('search.refreshing', true) = 'on' then
    new.updated_at := old.updated_at;
  end if;
  new.type_group := app.type_group_of(new.mime_type);
  new.search_vector := app.file_search_vector(
    new.name,
    (select string_agg(t.name, ' ') from app.file_tags ft join app.tags t on t.id = ft.tag_id where ft.file_id = new.id),
    new.description,
    (select c.content from app.file_contents c where c.file_id = new.id));
  return new;
end
$function$;
