-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.share_link_text(raw text, what text, max_length integer)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  cleaned text := nullif(btrim(raw), '');
begin
  if cleaned is null then
    return null;
  end if;
  if char_length(cleaned) > max_length then
    raise exception using errcode = 'PT400', message = format('%s can be at most %s characters long.', what, max_length);
  end if;
  perform app.assert_visible_text(cleaned, what);
  return cleaned;
end
$function$;
