-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.record_thumbnail(version_id uuid, object_key text, size bigint DEFAULT NULL::bigint, sha256 text DEFAULT NULL::text, width integer DEFAULT NULL::integer, height integer DEFAULT NULL::integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  found jsonb := app.thumbnail_of(record_thumbnail.version_id);
  kept app.thumbnails;
begin
  if record_thumbnail.object_key is not null
     and record_thumbnail.object_key !~ '^thumbnails/[0-9a-f-]{36}\.webp$' then
    raise exception using errcode = 'PT400', message = 'A thumbnail object is named thumbnails/<uuid>.webp.';
  end if;
  insert into app.thumbnails as t (version_id, file_id, owner_id, object_key, size, sha256, width, height)
  values (record_thumbnail.version_id, (found ->> 'file_id')::uuid, (found ->> 'owner_id')::uuid,
          record_thumbnail.object_key, record_thumbnail.size, record_thumbnail.sha256,
          record_thumbnail.width, record_thumbnail.height)
  on conflict on constraint thumbnails_pkey do nothing
  returning * into kept;
  if kept.version_id is null then
    select * into kept from app.thumbnails t where t.version_id = record_thumbnail.version_id;
    if record_thumbnail.object_key is not null then
      perform app.enqueue_unreferenced_object(record_thumbnail.object_key);
    end if;
  end if;
  return jsonb_build_object('object_key', kept.object_key, 'size', kept.size, 'sha256', kept.sha256,
                            'width', kept.width, 'height', kept.height);
end
$function$;
grant execute on function app.record_thumbnail(version_id uuid, object_key text, size bigint, sha256 text, width integer, height integer) to authenticated;
comment on function app.record_thumbnail(version_id uuid, object_key text, size bigint, sha256 text, width integer, height integer) is 'Records the thumbnail object made of a version the caller may see (null: none can be made); the first one recorded is kept.';
