-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.clean_tag_names(names text[])
 RETURNS text[]
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
declare
  result text[] := '{}'::text[];
  raw text;
  tag text;
begin
  if names is null then
    return result;
  end if;
  if cardinality(names) > 50 then
    raise exception using errcode = 'P0001', message = 'A file can carry at most 50 tags.';
  end if;
  foreach raw in array names loop
    tag := app.normalize_tag(normalize(raw, nfc));
    if tag is null or char_length(tag) < 1 or char_length(tag) > 50 then
      raise exception using errcode = '22023', message = 'A tag is 1 to 50 characters long.',
        detail = format('Refused tag: %s', left(coalesce(raw, 'null'), 60));
    end if;
    perform app.assert_visible_text(tag, 'A tag');
    if not tag = any(result) then
      result := result || tag;
    end if;
  end loop;
  return result;
end
$function$;
grant execute on function app.clean_tag_names(names text[]) to authenticated;
grant execute on function app.clean_tag_names(names text[]) to service_role;
