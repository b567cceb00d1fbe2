-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.file_search_vector(name text, tag_names text, description text, content text)
 RETURNS tsvector
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select setweight(to_tsvector('simple'::regconfig, app.fold(app.name_words(name))), 'A')
      || setweight(to_tsvector('simple'::regconfig, app.fold(tag_names)), 'B')
      || setweight(to_tsvector('simple'::regconfig, app.fold(left(description, 10000))), 'C')
      || setweight(to_tsvector('simple'::regconfig, app.fold(left(content, 262144))), 'D')
$function$;
grant execute on function app.file_search_vector(name text, tag_names text, description text, content text) to authenticated;
grant execute on function app.file_search_vector(name text, tag_names text, description text, content text) to service_role;
