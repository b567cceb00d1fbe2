-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.keep_thumbnail(subject jsonb, object_key text, size bigint, sha256 text, width integer, height integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  kept app.thumbnails;
begin
  if keep_thumbnail.object_key is not null and keep_thumbnail.object_key !~ '^thumbnails/[0-9a-f-]{36}\.webp$' then
    raise exception using errcode = 'PT400', message = 'A thumbnail object is named thumbnails/<uuid>.webp.';
  end if;
  insert into app.thumbnails as t (version_id, file_id, owner_id, object_key, size, sha256, width, height)
  values ((subject ->> 'version_id')::uuid, (subject ->> 'file_id')::uuid, (subject ->> 'owner_id')::uuid,
          keep_thumbnail.object_key, keep_thumbnail.size, keep_thumbnail.sha256,
          keep_thumbnail.width, keep_thumbnail.height)
  on conflict on constraint thumbnails_pkey do nothing
  returning * into kept;
  if kept.version_id is null then
    select * into kept from app.thumbnails t where t.version_id = (subject ->> 'version_id')::uuid;
    if keep_thumbnail.object_key is not null then
      perform app.enqueue_unreferenced_object(keep_thumbnail.object_key);
    end if;
  end if;
  return jsonb_build_object('object_key', kept.object_key, 'size', kept.size, 'sha256', kept.sha256,
                            'width', kept.width, 'height', kept.height);
end
$function$;
