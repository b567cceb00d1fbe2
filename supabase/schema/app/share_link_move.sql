-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_link_move(token text, access text, to_folder_id uuid, file_id uuid DEFAULT NULL::uuid, folder_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.edit_link(token, access);
begin
  if num_nonnulls(file_id, folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if to_folder_id is null or to_folder_id not in (select private.link_folders(link)) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  if file_id is not null then
    perform private.edit_link_file(link, file_id);
    update app.files f set folder_id = to_folder_id where f.id = file_id;
  else
    perform private.edit_link_folder(link, folder_id);
    if to_folder_id in (select app.folder_subtree(folder_id)) then
      raise exception using errcode = 'PT400', message = 'A folder cannot move into itself.';
    end if;
    update app.folders d set parent_id = to_folder_id where d.id = folder_id;
  end if;
  perform app.log_activity('share_link.move', null, 'share_link', link.id::text,
    jsonb_build_object('owner_id', link.owner_id, 'file_id', file_id, 'folder_id', folder_id, 'to_folder_id', to_folder_id));
  return jsonb_build_object('id', coalesce(file_id, folder_id), 'folder_id', to_folder_id);
exception when unique_violation then
  raise exception using errcode = 'PT409', message = 'Something of that name is already there.';
end
$function$;
grant execute on function app.share_link_move(token text, access text, to_folder_id uuid, file_id uuid, folder_id uuid) to anon;
grant execute on function app.share_link_move(token text, access text, to_folder_id uuid, file_id uuid, folder_id uuid) to authenticated;
comment on function app.share_link_move(token text, access text, to_folder_id uuid, file_id uuid, folder_id uuid) is 'Moves a file or folder to another folder inside an edit link''s folder.';
