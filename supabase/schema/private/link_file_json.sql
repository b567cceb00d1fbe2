-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.link_file_json(f app.files)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select jsonb_build_object('id', f.id, 'kind', 'file', 'name', f.name, 'size', f.size, 'mime_type', f.mime_type,
    'updated_at', f.updated_at)
$function$;
