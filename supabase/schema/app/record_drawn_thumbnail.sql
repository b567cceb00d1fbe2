-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.record_drawn_thumbnail(version_id uuid, object_key text, size bigint, sha256 text, width integer, height integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if record_drawn_thumbnail.object_key is null then
    raise exception using errcode = 'PT400', message = 'A drawn thumbnail has an object.';
  end if;
  return app.keep_thumbnail(app.drawn_thumbnail_target(record_drawn_thumbnail.version_id),
    record_drawn_thumbnail.object_key, record_drawn_thumbnail.size, record_drawn_thumbnail.sha256,
    record_drawn_thumbnail.width, record_drawn_thumbnail.height);
end
$function$;
grant execute on function app.record_drawn_thumbnail(version_id uuid, object_key text, size bigint, sha256 text, width integer, height integer) to authenticated;
comment on function app.record_drawn_thumbnail(version_id uuid, object_key text, size bigint, sha256 text, width integer, height integer) is 'Records the thumbnail made of a picture the browser drew of a PDF or video the caller may change; the first one recorded is kept.';
