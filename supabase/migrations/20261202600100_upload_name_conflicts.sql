/*
 * Same-name uploads: which names are taken, and what "keep both" calls them.
 *
 * An upload under a name that a live file of the folder already has becomes
 * that file's next version (app.complete_upload). Before uploading, the web
 * client asks which of a batch's names are taken, so it can ask the person
 * "Replace (keep as new version) or keep both (rename)?". For "keep both" it
 * uploads under the free name given here: "report (1).pdf", the rule
 * app.free_name uses for copies, with names given to earlier files of the
 * same batch counted as taken too, so two "report.pdf" become (1) and (2).
 *
 * The answer is a proposal: a file created under that name between this
 * call and the upload's end makes the upload a version of it, as any upload
 * under a taken name is.
 */
create function api.upload_name_conflicts(folder_id uuid, names text[])
returns table (name text, free_name text)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
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
  if upload_name_conflicts.folder_id is not null and (
       not exists (select from app.folders f where f.id = upload_name_conflicts.folder_id
                   and f.owner_id = uid and f.trashed_at is null)
       or not app.token_allows_folder(upload_name_conflicts.folder_id)) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  foreach wanted in array coalesce(upload_name_conflicts.names, '{}') loop
    continue when wanted is null
      or not app.name_taken(uid, upload_name_conflicts.folder_id, wanted, false);
    stem := wanted;
    ext := '';
    if wanted ~ '.\.[^.]+$' then
      stem := substring(wanted from '^(.*)\.[^.]+$');
      ext := substring(wanted from '(\.[^.]+)$');
    end if;
    n := 1;
    loop
      candidate := left(stem, 240 - octet_length(ext)) || ' (' || n || ')' || ext;
      exit when not app.name_taken(uid, upload_name_conflicts.folder_id, candidate, false)
        and not lower(candidate) = any (claimed);
      n := n + 1;
    end loop;
    claimed := claimed || lower(candidate);
    name := wanted;
    free_name := candidate;
    return next;
  end loop;
end
$$;
revoke all on function api.upload_name_conflicts(uuid, text[]) from public, anon;
grant execute on function api.upload_name_conflicts(uuid, text[]) to authenticated;
comment on function api.upload_name_conflicts(uuid, text[]) is
  'Of the names you are about to upload into a folder (null: the root), those a live file there already has, each with the free name "keep both" would use ("report (1).pdf"). Uploading under a taken name adds a version to that file.';
