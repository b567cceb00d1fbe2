/*
 * Shortcuts: what others share with me, placed in my own drive.
 *
 * A recipient finds a shared file or folder in `shared_with_me` and adds it to
 * a folder of their drive (or its root) as a shortcut: a pointer, not a copy.
 * The shortcut shows only while the share that reaches the item is active:
 * `api.shortcuts` joins the rows through `api.shared_with_me` itself, so a
 * revoked or expired share, or the owner trashing the item, hides it at once,
 * with no trigger to keep in step. The row stays behind while hidden, so a
 * share extended or granted again brings the shortcut back where it was.
 *
 *   app.shortcuts     one per person and item (a file or a folder shared with
 *                     them); `parent_id` is the person's own folder it sits
 *                     in, null for the root. Read by its person only: an
 *                     admin reads none, as with app.shares (a shortcut is the
 *                     arrangement of someone's drive; who shares what is in
 *                     the share overview of shares.read_all). Written only
 *                     through the two functions below.
 *   api.shortcuts     my live shortcuts with the item's name, type, size,
 *                     owner and my role.
 *   add_shortcut      (`file_id` or `folder_id`, `parent_id`): an item not
 *                     shared with me is refused as an unknown id is.
 *   remove_shortcut   (`shortcut_id`): the item and its share are untouched.
 *
 * Access tokens reach none of this: tokens read no shares (made or received),
 * and a shortcut names one; app.token_api_objects() leaves them out.
 */

create table app.shortcuts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app.users (id) on delete cascade,
  file_id uuid references app.files (id) on delete cascade,
  folder_id uuid references app.folders (id) on delete cascade,
  -- My folder it sits in; purging that folder takes the shortcut with it.
  parent_id uuid references app.folders (id) on delete cascade,
  created_at timestamptz not null default now(),
  constraint shortcuts_one_item check (num_nonnulls(file_id, folder_id) = 1)
);
comment on table app.shortcuts is
  'Items shared with a person, placed in a folder of their own drive (parent_id null: the root). Shown only while a share reaches the item.';
comment on column app.shortcuts.parent_id is 'The person''s own folder the shortcut sits in; null for the root.';

create unique index shortcuts_user_file on app.shortcuts (user_id, file_id) where file_id is not null;
create unique index shortcuts_user_folder on app.shortcuts (user_id, folder_id) where folder_id is not null;
-- A folder's listing asks for the shortcuts in it.
create index shortcuts_user_parent on app.shortcuts (user_id, parent_id);
create index shortcuts_file on app.shortcuts (file_id) where file_id is not null;
create index shortcuts_folder on app.shortcuts (folder_id) where folder_id is not null;
create index shortcuts_parent on app.shortcuts (parent_id) where parent_id is not null;

alter table app.shortcuts enable row level security;

revoke all on app.shortcuts from public, anon, authenticated;
grant select on app.shortcuts to authenticated;
grant select, insert, update, delete on app.shortcuts to service_role;

create policy "people read their shortcuts" on app.shortcuts
  for select to authenticated
  using (user_id = (select app.current_user_id()));

create policy "a folder-limited access token reads no shortcuts" on app.shortcuts
  as restrictive for select to authenticated
  using ((select app.token_folder()) is null);

/* My shortcuts whose item a live share still reaches, with what shared_with_me says of it. */
create view api.shortcuts with (security_invoker = true) as
  select c.id, c.parent_id, w.kind, c.file_id, c.folder_id, w.name, w.mime_type, w.size, w.updated_at,
         w.owner_id, w.owner_name, w.role, w.expires_at, c.created_at
  from app.shortcuts c
  join api.shared_with_me w on w.file_id = c.file_id or w.folder_id = c.folder_id
  where c.user_id = (select app.current_user_id());
comment on view api.shortcuts is
  'Your shortcuts: items shared with you that you placed in your drive (`parent_id`: your folder, null the root), each shown only while its share is active. `kind`, `name`, `owner_name`, `role` as in `shared_with_me`.';

revoke all on api.shortcuts from public, anon, authenticated;
grant select on api.shortcuts to authenticated;

/*
 * Adds a shortcut to an item shared with me, in one of my folders (null: the
 * root). Whether it is shared with me is the same test shared_with_me makes
 * (an active share to me, the item not trashed); anything else, someone
 * else's item or an id that does not exist, gets the same 404.
 */
create function api.add_shortcut(file_id uuid default null, folder_id uuid default null, parent_id uuid default null)
returns api.shortcuts
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
comment on function api.add_shortcut(uuid, uuid, uuid) is
  'Places an item shared with you (`file_id` or `folder_id`) in your drive as a shortcut, in your folder `parent_id` (null: the root). 404 for anything not shared with you, 409 when it has a shortcut already. Answers the shortcut.';
revoke all on function api.add_shortcut(uuid, uuid, uuid) from public;
grant execute on function api.add_shortcut(uuid, uuid, uuid) to authenticated;

/* Removes one of my shortcuts (shown or not: a hidden one may be cleared too); the item and its share stay. */
create function api.remove_shortcut(shortcut_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
begin
  delete from app.shortcuts c where c.id = shortcut_id and c.user_id = uid;
  if not found then
    raise exception using errcode = 'PT404', message = 'Shortcut not found.';
  end if;
end
$$;
comment on function api.remove_shortcut(uuid) is
  'Removes one of your shortcuts; the shared item and your access to it are unchanged.';
revoke all on function api.remove_shortcut(uuid) from public;
grant execute on function api.remove_shortcut(uuid) to authenticated;
