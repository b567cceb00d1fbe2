-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.record_thumbnail(version_id uuid, object_key text, size bigint DEFAULT NULL::bigint, sha256 text DEFAULT NULL::text, width integer DEFAULT NULL::integer, height integer DEFAULT NULL::integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  found jsonb := app.thumbnail_of(record_thumbnail.version_id);
begin
  if found ->> 'maker' = 'browser' then
    raise exception using errcode = 'PT400', message = 'This file''s thumbnail is drawn by the browser that uploads it.';
  end if;
  return app.keep_thumbnail(found, record_thumbnail.object_key, record_thumbnail.size, record_thumbnail.sha256,
    record_thumbnail.width, record_thumbnail.height);
end
$function$;
grant execute on function app.record_thumbnail(version_id uuid, object_key text, size bigint, sha256 text, width integer, height integer) to authenticated;
comment on function app.record_thumbnail(version_id uuid, object_key text, size bigint, sha256 text, width integer, height integer) is 'Records the thumbnail object made of an image version the caller may see (null: none can be made); the first one recorded is kept.';
