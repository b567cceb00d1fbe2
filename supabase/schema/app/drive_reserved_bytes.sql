-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.drive_reserved_bytes()
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select coalesce(sum(coalesce(u.size, 0)), 0)::bigint from app.uploads u
  where u.owner_id = app.current_user_id() and u.status = 'pending' and u.expires_at > now()
$function$;
grant execute on function app.drive_reserved_bytes() to authenticated;
grant execute on function app.drive_reserved_bytes() to service_role;
comment on function app.drive_reserved_bytes() is 'The bytes reserved by the caller''s pending uploads anywhere in the drive.';
