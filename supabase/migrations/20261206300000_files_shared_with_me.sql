/*
 * The files shared with the caller one by one, as rows of api.files.
 *
 *   files_shared_with_me  shared_with_me names each shared file, but not its
 *                         checksum or creation time, which a WebDAV client
 *                         needs (getetag, creationdate) to see that nothing
 *                         changed. Files inside a shared folder come through
 *                         shared_folder_files; this is the other half: the
 *                         live files of active shares to the caller (the
 *                         indexed share rows of app.shared_files, once per
 *                         call), narrowed again by RLS on app.files as the
 *                         caller, so a folder-limited access token reads none.
 *                         public_token is the owner's link: always null here.
 */
create function api.files_shared_with_me()
returns setof api.files
language sql
stable
set search_path = ''
as $$
  select f.id, f.owner_id, f.folder_id, f.name, f.mime_type, f.size, f.sha256, f.visibility, f.description,
         f.current_version_id, f.created_at, f.updated_at, f.trashed_at, null::text
  from app.files f
  where f.id in (select app.shared_files())
    and f.trashed_at is null
$$;
revoke all on function api.files_shared_with_me() from public;
grant execute on function api.files_shared_with_me() to authenticated;
comment on function api.files_shared_with_me() is
  'The live files others shared with you one by one (not those inside a shared folder: see `shared_folder_files`), as rows of `files`.';
