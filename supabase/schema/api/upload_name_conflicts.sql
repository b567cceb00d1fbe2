-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.upload_name_conflicts(folder_id uuid, names text[])
 RETURNS TABLE(name text, free_name text)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  owner uuid := uid;
  wanted text;
  stem text;
  ext text;
  candidate text;
  n integer;
  claimed text[] := '{}';
begin
  if cardinality(upload_name_conflicts.names) > 1000 then
    raise exception using errcode = 'PT400', message = 'Ask about at most 1000 names at once.';
  end if;
  if upload_name_conflicts.folder_id is not null then
    select f.owner_id into owner from app.folders f
    where f.id = upload_name_conflicts.folder_id and f.trashed_at is null
      and (f.owner_id = uid or f.id in (select app.shared_folders(true)));
    if owner is null or not app.token_allows_folder(upload_name_conflicts.folder_id) then
      raise exception using errcode = 'PT404', message = 'Folder not found.';
    end if;
  end if;
  foreach wanted in array coalesce(upload_name_conflicts.names, '{}') loop
    continue when wanted is null
      or not app.name_taken(owner, upload_name_conflicts.folder_id, wanted, false);
    stem := wanted;
    ext := '';
    if wanted ~ '.\.[^.]+$' then
      stem := substring(wanted from '^(.*)\.[^.]+$');
      ext := substring(wanted from '(\.[^.]+)$');
    end if;
    n := 1;
    loop
      candidate := left(stem, 240 - octet_length(ext)) || ' (' || n || ')' || ext;
      exit when not app.name_taken(owner, upload_name_conflicts.folder_id, candidate, false)
        and not lower(candidate) = any (claimed);
      n := n + 1;
    end loop;
    claimed := claimed || lower(candidate);
    name := wanted;
    free_name := candidate;
    return next;
  end loop;
end
$function$;
grant execute on function api.upload_name_conflicts(folder_id uuid, names text[]) to authenticated;
comment on function api.upload_name_conflicts(folder_id uuid, names text[]) is 'Of the names you are about to upload into a folder (null: the root; or a folder shared with you as editor), those a live file there already has, each with the free name "keep both" would use ("report (1).pdf"). Uploading under a taken name adds a version to that file.';
