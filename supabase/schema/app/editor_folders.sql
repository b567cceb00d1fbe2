-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.editor_folders(person uuid)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  with recursive tree as (
    select d.id
    from app.shares s
    join app.folders d on d.id = s.folder_id
    where s.recipient_id = person
      and s.folder_id is not null
      and s.role = 'editor'
      and (s.expires_at is null or s.expires_at > now())
      and d.trashed_at is null
    union
    select d.id
    from app.folders d
    join tree t on d.parent_id = t.id
    where d.trashed_at is null
  )
  select id from tree
$function$;
comment on function app.editor_folders(person uuid) is 'The folders a person reaches through active editor shares (each shared folder and every untrashed folder under it).';
