-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.split_path(path text)
 RETURNS text[]
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
declare
  parts text[] := '{}';
  segment text;
begin
  if path is null or btrim(path) = '' then
    raise exception using errcode = 'PT400', message = 'The path is empty.';
  end if;
  if octet_length(path) > 4096 then
    raise exception using errcode = 'PT400', message = 'The path is too long.';
  end if;
  foreach segment in array string_to_array(replace(path, E'\\', '/'), '/') loop
    continue when btrim(segment) = '';
    if btrim(segment) in ('.', '..') then
      raise exception using errcode = 'PT400', message = 'A path cannot contain "." or ".." segments.';
    end if;
    parts := parts || app.check_name(segment);
  end loop;
  if cardinality(parts) = 0 then
    raise exception using errcode = 'PT400', message = 'The path names no file.';
  end if;
  if cardinality(parts) > 64 then
    raise exception using errcode = 'PT400', message = 'The path is too deep (at most 64 levels).';
  end if;
  return parts;
end
$function$;
grant execute on function app.split_path(path text) to authenticated;
grant execute on function app.split_path(path text) to service_role;
