-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.token_api_objects()
 RETURNS TABLE(name text, access text)
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  values
    -- The drive: listings, versions, tags, modification times, dead properties, quota.
    ('files', 'read'), ('folders', 'read'), ('file_versions', 'read'), ('file_tags', 'read'),
    ('file_mtimes', 'read'), ('tags', 'read'), ('type_groups', 'read'), ('dav_properties', 'read'),
    ('storage_usage', 'read'),
    -- Changing the drive (each asks files.write, which only files:write grants a token).
    ('create_folder', 'call'), ('rename_folder', 'call'), ('move_folder', 'call'), ('trash_folder', 'call'),
    ('restore_folder', 'call'), ('purge_folder', 'call'), ('rename_file', 'call'), ('move_file', 'call'),
    ('copy_file', 'call'), ('trash_file', 'call'), ('restore_file', 'call'), ('purge_file', 'call'),
    ('restore_version', 'call'), ('set_file_content_text', 'call'), ('set_file_mtime', 'call'),
    ('add_tags', 'call'), ('remove_tag', 'call'), ('upload_name_conflicts', 'call'),
    -- Reading it.
    ('list_tags', 'call'), ('search_files', 'call'), ('folder_path', 'call'),
    -- Emptying the trash reaches every folder: only for an unlimited token (checked in the pre-request).
    ('empty_trash', 'call')
$function$;
grant execute on function app.token_api_objects() to authenticated;
comment on function app.token_api_objects() is 'The api views (read) and rpc functions (call) an access-token session may reach through REST; everything else is refused.';
