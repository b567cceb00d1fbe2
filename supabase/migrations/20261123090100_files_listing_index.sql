/*
 * Listing a folder. The web asks for a folder's live files in name order
 * (`files?trashed_at=is.null&folder_id=eq.<id>&order=name`, `folder_id=is.null`
 * for the root), through api.files, which keeps the caller's own rows.
 *
 * For an owner of 200,000 files (bench/search's drive) Postgres had two ways,
 * both slow: read every file of the owner and sort (52-75 ms for a root of
 * 39,000 files), or AND files_folder with all 200,000 of the owner's entries in
 * another index (20-27 ms for a folder of 83 files). These two answer them in
 * name order, reading only the folder's own live files. The root needs its own:
 * `folder_id is null` is not an equality, so Postgres would not take name order
 * from an index whose middle column is folder_id.
 */
create index files_listing on app.files (owner_id, folder_id, name) where trashed_at is null;
create index files_listing_root on app.files (owner_id, name) where folder_id is null and trashed_at is null;
