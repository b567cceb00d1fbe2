/*
 * What a person's active shares reach, as sets the read policies, the api
 * views and the download lookup test membership in (`folder_id in (select
 * app.shared_folders())`): a sub-select Postgres evaluates once per query
 * into a hashed set, not a function called for every row.
 *
 * A share is active while it exists (revoking deletes the row, so access
 * ends with the revoking transaction) and has not expired. A shared folder
 * reaches every folder under it, walked down the parent links from the
 * indexed share rows (shares_recipient), and stops at a trashed folder:
 * what the owner binned is not the recipient's. `editors_only` narrows the
 * set to shares with the editor role (versions, and later writes).
 */

create or replace function app.shared_folders(editors_only boolean default false)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  with recursive tree as (
    select d.id
    from app.shares s
    join app.folders d on d.id = s.folder_id
    where s.recipient_id = app.current_user_id()
      and s.folder_id is not null
      and (s.expires_at is null or s.expires_at > now())
      and (not editors_only or s.role = 'editor')
      and d.trashed_at is null
    union
    select d.id
    from app.folders d
    join tree t on d.parent_id = t.id
    where d.trashed_at is null
  )
  select id from tree
$$;
grant execute on function app.shared_folders(boolean) to authenticated;
comment on function app.shared_folders(boolean) is
  'The folders the caller reaches through active shares of others (each shared folder and every untrashed folder under it); editors_only: through editor shares only.';

create or replace function app.shared_files(editors_only boolean default false)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select f.id
  from app.shares s
  join app.files f on f.id = s.file_id
  where s.recipient_id = app.current_user_id()
    and s.file_id is not null
    and (s.expires_at is null or s.expires_at > now())
    and (not editors_only or s.role = 'editor')
    and f.trashed_at is null
$$;
grant execute on function app.shared_files(boolean) to authenticated;
comment on function app.shared_files(boolean) is
  'The files shared with the caller one by one through active shares of others (not those inside shared folders: see app.shared_folders); editors_only: editor shares only.';
