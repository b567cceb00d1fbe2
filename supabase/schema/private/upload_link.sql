-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.upload_link(token text, access text)
 RETURNS app.share_links
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  link app.share_links := private.serving_link(token, access);
begin
  if link.type not in ('edit', 'file_drop') then
    raise exception using errcode = 'PT403', message = 'This link does not take uploads.';
  end if;
  if not private.user_holds_permission(link.owner_id, 'files.write') then
    raise exception using errcode = 'PT403', message = 'This folder does not take uploads now.';
  end if;
  return link;
end
$function$;
