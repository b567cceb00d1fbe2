-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_link_create_folder(token text, access text, name text, parent_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.edit_link(token, access);
  parent uuid := coalesce(parent_id, link.folder_id);
  made app.folders;
begin
  if parent not in (select private.link_folders(link)) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  insert into app.folders (owner_id, parent_id, name) values (link.owner_id, parent, app.check_name(name)) returning * into made;
  perform app.log_activity('share_link.create_folder', null, 'share_link', link.id::text,
    jsonb_build_object('owner_id', link.owner_id, 'folder_id', made.id, 'name', made.name));
  return jsonb_build_object('id', made.id, 'kind', 'folder', 'name', made.name, 'parent_id', made.parent_id);
exception when unique_violation then
  raise exception using errcode = 'PT409', message = 'A folder of that name is already there.';
end
$function$;
grant execute on function app.share_link_create_folder(token text, access text, name text, parent_id uuid) to anon;
grant execute on function app.share_link_create_folder(token text, access text, name text, parent_id uuid) to authenticated;
comment on function app.share_link_create_folder(token text, access text, name text, parent_id uuid) is 'Creates a folder inside an edit link''s folder.';
