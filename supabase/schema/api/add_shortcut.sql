-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.add_shortcut(file_id uuid DEFAULT NULL::uuid, folder_id uuid DEFAULT NULL::uuid, parent_id uuid DEFAULT NULL::uuid)
 RETURNS api.shortcuts
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  made app.shortcuts;
  result api.shortcuts;
begin
  if num_nonnulls(file_id, folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Give file_id or folder_id, one of them.';
  end if;
  if exists (select from app.files f where f.id = file_id and f.owner_id = uid)
     or exists (select from app.folders d where d.id = folder_id and d.owner_id = uid) then
    raise exception using errcode = 'PT400', message = 'This is yours already: shortcuts are for what others share with you.';
  end if;
  if not exists (
    select from app.shares s
    where s.recipient_id = uid and (s.expires_at is null or s.expires_at > now())
      and (s.file_id = add_shortcut.file_id or s.folder_id = add_shortcut.folder_id)
      and app.shared_item(s.id) is not null
  ) then
    raise exception using errcode = 'PT404', message = case when file_id is not null then 'File not found.' else 'Folder not found.' end;
  end if;
  if parent_id is not null then
    -- My own folder, live: a shortcut never sits in someone else's folder or in the trash.
    if not exists (select from app.folders d where d.id = parent_id and d.owner_id = uid and d.trashed_at is null) then
      raise exception using errcode = 'PT404', message = 'Folder not found.';
    end if;
  end if;
  begin
    insert into app.shortcuts (user_id, file_id, folder_id, parent_id)
    values (uid, add_shortcut.file_id, add_shortcut.folder_id, add_shortcut.parent_id)
    returning * into made;
  exception when unique_violation then
    raise exception using errcode = 'PT409', message = 'It is in your drive already: remove that shortcut first to place it elsewhere.';
  end;
  -- As the caller, through the view: what they will read in their listing.
  select * into result from api.shortcuts c where c.id = made.id;
  return result;
end
$function$;
grant execute on function api.add_shortcut(file_id uuid, folder_id uuid, parent_id uuid) to authenticated;
comment on function api.add_shortcut(file_id uuid, folder_id uuid, parent_id uuid) is 'Places an item shared with you (`file_id` or `folder_id`) in your drive as a shortcut, in your folder `parent_id` (null: the root). 404 for anything not shared with you, 409 when it has a shortcut already. Answers the shortcut.';
