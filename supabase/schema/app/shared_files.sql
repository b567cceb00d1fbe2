-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.shared_files(editors_only boolean DEFAULT false)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select f.id
  from app.shares s
  join app.files f on f.id = s.file_id
  where s.recipient_id = app.current_user_id()
    and s.file_id is not null
    and (s.expires_at is null or s.expires_at > now())
    and (not editors_only or s.role = 'editor')
    and f.trashed_at is null
$function$;
grant execute on function app.shared_files(editors_only boolean) to authenticated;
comment on function app.shared_files(editors_only boolean) is 'The files shared with the caller one by one through active shares of others (not those inside shared folders: see app.shared_folders); editors_only: editor shares only.';
