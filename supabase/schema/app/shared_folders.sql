-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.shared_folders(editors_only boolean DEFAULT false)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  with recursive tree as (
    select d.id
    from app.shares s
    join app.folders d on d.id = s.folder_id
    where s.recipient_id = app.current_user_id()
      and s.folder_id is not null
      and (s.expires_at is null or s.expires_at > now())
      and (not editors_only or s.role = 'editor')
      and d.trashed_at is null
    union
    select d.id
    from app.folders d
    join tree t on d.parent_id = t.id
    where d.trashed_at is null
  )
  select id from tree
$function$;
grant execute on function app.shared_folders(editors_only boolean) to authenticated;
comment on function app.shared_folders(editors_only boolean) is 'The folders the caller reaches through active shares of others (each shared folder and every untrashed folder under it); editors_only: through editor shares only.';
