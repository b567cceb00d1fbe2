/*
 * Recipients of an active share read what it reaches, through the same
 * tables as the owner: the shared file, or the shared folder and everything
 * under it that is not in the trash. Versions (the history and its
 * downloads) are for editors; a viewer reads the file and its current
 * bytes (app.version_for_download), not the history.
 *
 * Still one permissive policy per table and action (20261201120000): the
 * owner's rule, the recipient's and the metadata readers' in one sentence.
 * The share sets are sub-selects (app.shared_folders, app.shared_files),
 * evaluated once per query into hashed sets over the indexed share rows;
 * the folder-limited token's restrictive policies still narrow all of it.
 */

drop policy "owners, and holders of files.read_all_metadata, read folders" on app.folders;
create policy "owners, share recipients and metadata readers read folders" on app.folders
  for select to authenticated
  using (
    owner_id = (select app.current_user_id())
    or id in (select app.shared_folders())
    or (select app.user_has_permission('files.read_all_metadata'))
  );

drop policy "owners, and holders of files.read_all_metadata, read files" on app.files;
create policy "owners, share recipients and metadata readers read files" on app.files
  for select to authenticated
  using (
    owner_id = (select app.current_user_id())
    or (trashed_at is null and (folder_id in (select app.shared_folders()) or id in (select app.shared_files())))
    or (select app.user_has_permission('files.read_all_metadata'))
  );

drop policy "owners, and holders of files.read_all_metadata, read file versions" on app.file_versions;
create policy "owners, editors of a share and metadata readers read versions" on app.file_versions
  for select to authenticated
  using (
    owner_id = (select app.current_user_id())
    or file_id in (
      select f.id from app.files f
      where f.trashed_at is null
        and (f.folder_id in (select app.shared_folders(true)) or f.id in (select app.shared_files(true))))
    or (select app.user_has_permission('files.read_all_metadata'))
  );
