/*
 * The api views of folders and versions show a recipient what their active
 * shares reach (app.shared_folders, app.shared_files; RLS admits the same
 * rows): the folders under a shared folder, and versions to editors. Rows
 * of other people stay out for everyone else, holders of
 * files.read_all_metadata included (they read app.*, not "your folders").
 *
 * api.files is not restated here: an OR (or a UNION ALL) of the shared
 * rows costs the owner's listing its ordered index scan (62_files_listing
 * proves it), so it waits for a plan that keeps it; recipients read files
 * through RLS on app.files until then.
 *
 * "The root" (`parent_id` null) stays the caller's own: a share at the top
 * of its owner's drive is not listed among the recipient's top-level
 * folders (web, WebDAV and scripts list the root with `is null`); the
 * recipient reaches it through api.shared_with_me. The owner's trash is not
 * the recipient's: trashed items are out of the shared sets.
 */

create or replace view api.folders with (security_invoker = true) as
  select id, owner_id, parent_id, name, created_at, updated_at, trashed_at from app.folders
  where owner_id = (select app.current_user_id())
     or (parent_id is not null and id in (select app.shared_folders()));
comment on view api.folders is
  'Your folders, and those under folders shared with you. `parent_id` null means your root; `trashed_at` is set while in the trash.';

create or replace view api.file_versions with (security_invoker = true) as
  select id, file_id, version, size, sha256, mime_type, created_by, created_at from app.file_versions
  where owner_id = (select app.current_user_id())
     or file_id in (
       select f.id from app.files f
       where f.trashed_at is null
         and (f.folder_id in (select app.shared_folders(true)) or f.id in (select app.shared_files(true))));
comment on view api.file_versions is
  'Every kept version of your files and of files shared with you as editor; newest has the highest `version`.';

revoke all on api.folders, api.file_versions from public, anon, authenticated;
grant select on api.folders, api.file_versions to authenticated, service_role;
