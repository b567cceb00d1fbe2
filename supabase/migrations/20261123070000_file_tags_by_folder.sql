/*
 * Tag chips for a whole folder in one request.
 *
 * The drive shows each file's tags beside its name. `api.file_tags` could
 * only be asked by file (`file_id=in.(...)`), which needs the listing first
 * and a URL that grows with the folder. Giving each link its file's folder
 * lets the web ask `file_tags?folder_id=eq.<id>` (or `is.null` for the root)
 * at the same time as it lists the folder.
 *
 * The view stays security_invoker: the caller's RLS on app.file_tags,
 * app.tags and app.files decides what it sees. The owner filter keeps an
 * admin (who may read every file's metadata) to their own links, as
 * api.files does, and lets the planner start from the caller's rows.
 */
create or replace view api.file_tags with (security_invoker = true) as
  select ft.file_id, ft.tag_id, t.name, ft.created_at, f.folder_id
  from app.file_tags ft
  join app.tags t on t.id = ft.tag_id
  join app.files f on f.id = ft.file_id
  where ft.owner_id = (select app.current_user_id());
comment on view api.file_tags is
  'The tags on your files, one row per file and tag. Ask by file (file_id=in.(...)) or by folder (folder_id=eq.<id>, folder_id=is.null for the root) to show tag chips.';
