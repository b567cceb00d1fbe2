-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.referenced_objects()
 RETURNS TABLE(object_key text, size bigint, sha256 text)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select distinct on (v.object_key) v.object_key, v.size, v.sha256
  from app.file_versions v
  union all
  select a.object_key, null, null
  from app.avatars a
  union all
  select t.object_key, t.size, t.sha256
  from app.thumbnails t
  where t.object_key is not null
$function$;
comment on function private.referenced_objects() is 'Each object key the database references once, with its recorded size and sha256 (null for avatars).';
