-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.unknown_length_reservation()
 RETURNS bigint
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select greatest(least(app.lock_free_bytes(app.require_user_id()), app.files_setting('files.max_file_size')), 0)
$function$;
grant execute on function api.unknown_length_reservation() to authenticated;
comment on function api.unknown_length_reservation() is 'The bytes an upload of unknown length may reserve: what the quota leaves, at most the size limit.';
