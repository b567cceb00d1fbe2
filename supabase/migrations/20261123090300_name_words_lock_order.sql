/*
 * The name-word counts (20261123080000) lock one row per word until commit.
 * Inserts counted in word order, but a rename decremented its old words and
 * then incremented its new ones, and a folder trashed or restored counted
 * file by file: two such statements of one owner running at once with
 * crossing words could each hold a word the other wanted, and one was
 * aborted as a deadlock (40P01, a 500). (Uploads and copies take the owner's
 * quota lock first, so they never raced.)
 *
 * Now every statement that changes files applies its words' net changes in
 * one upsert, in (owner, word) order, so any two statements lock shared words
 * in the same order and one simply waits for the other. Updates and deletes
 * become statement-level triggers with transition tables, like the insert
 * trigger (Postgres allows no column list with transition tables, so the
 * update trigger sees every UPDATE and skips rows whose name, owner and
 * trash state did not change).
 */

/*
 * Adds net (files, trashed) changes per (owner, word), given as parallel
 * arrays, in (owner, word) order; forgets words no file carries any more.
 */
create function app.apply_name_word_changes(owners uuid[], words text[], files integer[], trashed integer[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into app.owner_name_words as w (owner_id, word, files, trashed)
  select c.owner_id, c.word, sum(c.files)::integer, sum(c.trashed)::integer
  from unnest(owners, words, files, trashed) as c(owner_id, word, files, trashed)
  group by c.owner_id, c.word
  having sum(c.files) <> 0 or sum(c.trashed) <> 0
  order by c.owner_id, c.word
  on conflict (owner_id, word) do update set files = w.files + excluded.files, trashed = w.trashed + excluded.trashed;
  delete from app.owner_name_words w
  where w.files <= 0 and w.trashed <= 0
    and (w.owner_id, w.word) in (select c.owner_id, c.word from unnest(owners, words) as c(owner_id, word));
end
$$;

/* Deleted files (purged from the trash, or with their owner): minus their words. */
create or replace function app.files_name_words_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.apply_name_word_changes(array_agg(c.owner_id), array_agg(c.word), array_agg(c.files), array_agg(c.trashed))
  from (
    select r.owner_id, x as word,
           case when r.trashed_at is null then -1 else 0 end as files,
           case when r.trashed_at is null then 0 else -1 end as trashed
    from removed r, unnest(app.search_name_vocabulary(r.search_vector)) x
  ) c;
  return null;
end
$$;

/* Renamed, trashed or restored files (or files given to another owner): old words out, new words in. */
create or replace function app.files_name_words_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.apply_name_word_changes(array_agg(c.owner_id), array_agg(c.word), array_agg(c.files), array_agg(c.trashed))
  from (
    select o.owner_id, x as word,
           case when o.trashed_at is null then -1 else 0 end as files,
           case when o.trashed_at is null then 0 else -1 end as trashed
    from before_rows o join after_rows n on n.id = o.id, unnest(app.search_name_vocabulary(o.search_vector)) x
    where o.name is distinct from n.name or o.owner_id <> n.owner_id or (o.trashed_at is null) <> (n.trashed_at is null)
    union all
    select n.owner_id, x,
           case when n.trashed_at is null then 1 else 0 end,
           case when n.trashed_at is null then 0 else 1 end
    from before_rows o join after_rows n on n.id = o.id, unnest(app.search_name_vocabulary(n.search_vector)) x
    where o.name is distinct from n.name or o.owner_id <> n.owner_id or (o.trashed_at is null) <> (n.trashed_at is null)
  ) c;
  return null;
end
$$;

revoke execute on function app.apply_name_word_changes(uuid[], text[], integer[], integer[]) from public;

-- The delete trigger is already per statement; the update trigger becomes one.
drop trigger files_name_words_update on app.files;
create trigger files_name_words_update after update on app.files
  referencing old table as before_rows new table as after_rows
  for each statement execute function app.files_name_words_update();
