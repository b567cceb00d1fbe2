-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_link_rename(token text, access text, name text, file_id uuid DEFAULT NULL::uuid, folder_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.edit_link(token, access);
  new_name text := app.check_name(name);
begin
  if num_nonnulls(file_id, folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if file_id is not null then
    perform private.edit_link_file(link, file_id);
    perform app.assert_allowed_type(new_name, (select f.mime_type from app.files f where f.id = file_id));
    update app.files f set name = new_name where f.id = file_id;
  else
    perform private.edit_link_folder(link, folder_id);
    update app.folders d set name = new_name where d.id = folder_id;
  end if;
  perform app.log_activity('share_link.rename', null, 'share_link', link.id::text,
    jsonb_build_object('owner_id', link.owner_id, 'file_id', file_id, 'folder_id', folder_id, 'name', new_name));
  return jsonb_build_object('id', coalesce(file_id, folder_id), 'name', new_name);
exception when unique_violation then
  raise exception using errcode = 'PT409', message = 'Something of that name is already there.';
end
$function$;
grant execute on function app.share_link_rename(token text, access text, name text, file_id uuid, folder_id uuid) to anon;
grant execute on function app.share_link_rename(token text, access text, name text, file_id uuid, folder_id uuid) to authenticated;
comment on function app.share_link_rename(token text, access text, name text, file_id uuid, folder_id uuid) is 'Renames a file or folder inside an edit link''s folder.';
