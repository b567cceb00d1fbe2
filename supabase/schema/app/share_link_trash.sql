-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_link_trash(token text, access text, file_id uuid DEFAULT NULL::uuid, folder_id uuid DEFAULT NULL::uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.edit_link(token, access);
  stamp timestamptz := now();
begin
  if num_nonnulls(file_id, folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if file_id is not null then
    perform private.edit_link_file(link, file_id);
    update app.files f set trashed_at = stamp where f.id = file_id;
  else
    perform private.edit_link_folder(link, folder_id);
    update app.folders d set trashed_at = stamp where d.id in (select app.folder_subtree(folder_id)) and d.trashed_at is null;
    update app.files f set trashed_at = stamp where f.folder_id in (select app.folder_subtree(folder_id)) and f.trashed_at is null;
  end if;
  perform app.log_activity('share_link.trash', null, 'share_link', link.id::text,
    jsonb_build_object('owner_id', link.owner_id, 'file_id', file_id, 'folder_id', folder_id));
end
$function$;
grant execute on function app.share_link_trash(token text, access text, file_id uuid, folder_id uuid) to anon;
grant execute on function app.share_link_trash(token text, access text, file_id uuid, folder_id uuid) to authenticated;
comment on function app.share_link_trash(token text, access text, file_id uuid, folder_id uuid) is 'Moves a file or folder inside an edit link''s folder to its owner''s trash.';
