/*
 * A file's search keys follow its description.
 *
 * files_tsvector recomputes search_vector when the description changes, but
 * files_tsvector_keys, which derives the owner word keys (search_words) from
 * it, fired only on updates that name name, search_vector or owner_id: a
 * column trigger sees the statement's columns, not what an earlier trigger
 * set. So api.update_file's new description reached search_vector and never
 * the word keys search_files reads, and its words were not found. The trigger
 * now also fires on description; the files whose description was set since
 * have their keys rebuilt (app.refresh_file_search keeps updated_at).
 */
drop trigger files_tsvector_keys on app.files;
create trigger files_tsvector_keys
  before insert or update of name, description, search_vector, owner_id on app.files
  for each row execute function app.files_search_keys();

select app.refresh_file_search(array(
  select f.id from app.files f where f.description is not null and f.description <> ''));
