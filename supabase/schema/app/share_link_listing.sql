-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_link_listing(token text, access text DEFAULT NULL::text, folder_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.serving_link(token, access);
  target uuid;
  here app.folders;
begin
  if link.folder_id is null then
    raise exception using errcode = 'PT400', message = 'This link shares a file, not a folder.';
  end if;
  if link.type = 'file_drop' then
    raise exception using errcode = 'PT403', message = 'This link only takes uploads: what is in the folder stays private.';
  end if;
  target := coalesce(folder_id, link.folder_id);
  if target not in (select private.link_folders(link)) then
    raise exception using errcode = 'PT404', message = 'Folder not found.';
  end if;
  select * into here from app.folders d where d.id = target;
  return jsonb_build_object(
    'folder', jsonb_build_object('id', here.id, 'name', here.name,
      'parent_id', case when here.id <> link.folder_id then here.parent_id end),
    'folders', coalesce((select jsonb_agg(jsonb_build_object('id', d.id, 'kind', 'folder', 'name', d.name, 'updated_at', d.updated_at)
      order by lower(d.name), d.id) from app.folders d where d.parent_id = target and d.trashed_at is null), '[]'),
    'files', coalesce((select jsonb_agg(private.link_file_json(f) order by lower(f.name), f.id)
      from app.files f where f.folder_id = target and f.trashed_at is null), '[]')
  );
end
$function$;
grant execute on function app.share_link_listing(token text, access text, folder_id uuid) to anon;
grant execute on function app.share_link_listing(token text, access text, folder_id uuid) to authenticated;
comment on function app.share_link_listing(token text, access text, folder_id uuid) is 'The folders and files in one folder under a folder link (its own folder by default); not for file drops.';
