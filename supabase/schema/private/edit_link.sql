-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.edit_link(token text, access text)
 RETURNS app.share_links
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  link app.share_links := private.serving_link(token, access);
begin
  if link.type <> 'edit' then
    raise exception using errcode = 'PT403', message = 'This link cannot change what is shared.';
  end if;
  return link;
end
$function$;
