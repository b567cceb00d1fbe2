-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.reshare_grant(person uuid, file_id uuid, folder_id uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  with recursive start as (
    select coalesce(reshare_grant.folder_id,
      (select f.folder_id from app.files f where f.id = reshare_grant.file_id and f.trashed_at is null)) as id
  ), up as (
    select d.id, d.parent_id from app.folders d join start on d.id = start.id where d.trashed_at is null
    union all
    select p.id, p.parent_id from app.folders p join up on p.id = up.parent_id where p.trashed_at is null
  )
  select jsonb_build_object('owner_id', (array_agg(s.owner_id))[1],
    'until', case when bool_or(s.expires_at is null) then null else max(s.expires_at) end)
  from app.shares s
  where s.recipient_id = person and s.role = 'editor' and s.allow_reshare
    and (s.expires_at is null or s.expires_at > now())
    and ((s.folder_id is not null and s.folder_id in (select up.id from up))
         or (reshare_grant.file_id is not null and s.file_id = reshare_grant.file_id
             and exists (select from app.files f where f.id = reshare_grant.file_id and f.trashed_at is null)))
  having count(*) > 0
$function$;
comment on function app.reshare_grant(person uuid, file_id uuid, folder_id uuid) is 'What lets a person re-share a file or folder: {owner_id, until} from their active editor shares with allow_reshare on it or above it, or null.';
