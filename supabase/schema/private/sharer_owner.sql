-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.sharer_owner(uid uuid, file_id uuid, folder_id uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  owner uuid;
  kind text := case when sharer_owner.file_id is not null then 'File' else 'Folder' end;
begin
  if num_nonnulls(sharer_owner.file_id, sharer_owner.folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if sharer_owner.file_id is not null then
    select f.owner_id into owner from app.files f where f.id = sharer_owner.file_id and f.trashed_at is null;
  else
    select d.owner_id into owner from app.folders d where d.id = sharer_owner.folder_id and d.trashed_at is null;
  end if;
  if owner = uid then
    return owner;
  end if;
  if owner is not null and app.reshare_grant(uid, sharer_owner.file_id, sharer_owner.folder_id) is not null then
    return owner;
  end if;
  if owner is not null and (
       sharer_owner.file_id in (select app.shared_files())
    or (select f.folder_id from app.files f where f.id = sharer_owner.file_id) in (select app.shared_folders())
    or sharer_owner.folder_id in (select app.shared_folders())) then
    raise exception using errcode = 'PT403', message = 'The owner has not allowed you to share this.',
      hint = 'Ask the owner to share it, or to let you re-share it.';
  end if;
  raise exception using errcode = 'PT404', message = kind || ' not found.';
end
$function$;
comment on function private.sharer_owner(uid uuid, file_id uuid, folder_id uuid) is 'The owner of a file or folder the caller may share (theirs, or re-shareable through an editor share); PT403 when shared with them without allow_reshare, PT404 otherwise.';
