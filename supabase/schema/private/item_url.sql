-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.item_url(item_type text, item_id uuid)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select private.site_url() || case item_url.item_type
    when 'file' then '/drive?preview=' || item_url.item_id
    when 'folder' then '/drive/' || item_url.item_id
    when 'transaction' then '/plans/receipts/' || item_url.item_id
  end
  where item_url.item_id is not null
$function$;
comment on function private.item_url(item_type text, item_id uuid) is 'The web address of a notification''s item (file preview, folder, payment receipt) on the site URL; null for other kinds.';
