/*
 * "Modified" means the file itself changed.
 *
 * A file's updated_at is what the drive shows as "Modified" and sorts by.
 * It followed every update of the row, so making a file public, writing its
 * description or moving it to the trash and back made it look edited. It now
 * moves only when what a person calls the file changes: its name, or its
 * content (a new or restored version: current_version_id, size, sha256,
 * mime_type). Tags already keep it (app.refresh_file_search), as before.
 */
drop trigger files_touch on app.files;
create trigger files_touch before update on app.files
  for each row
  when (old.name is distinct from new.name
        or old.current_version_id is distinct from new.current_version_id
        or old.size is distinct from new.size
        or old.sha256 is distinct from new.sha256
        or old.mime_type is distinct from new.mime_type)
  execute function app.touch_updated_at();
