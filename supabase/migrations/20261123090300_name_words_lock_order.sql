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

/* One file's words counted in (sign 1) or out (-1), in or outside the trash. */
create function app.name_word_changes(owner uuid, search_vector tsvector, in_trash boolean, sign integer)
returns table (owner_id uuid, word text, files integer, trashed integer)
language sql
immutable
set search_path = ''
as $$
  select owner, x, case when in_trash then 0 else sign end, case when in_trash then sign else 0 end
  from unnest(app.search_name_vocabulary(search_vector)) x
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
  from removed r, app.name_word_changes(r.owner_id, r.search_vector, r.trashed_at is not null, -1) c;
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
  from before_rows o
  join after_rows n on n.id = o.id
  cross join lateral (
    select * from app.name_word_changes(o.owner_id, o.search_vector, o.trashed_at is not null, -1)
    union all
    select * from app.name_word_changes(n.owner_id, n.search_vector, n.trashed_at is not null, 1)
  ) c
  where o.name is distinct from n.name or o.owner_id <> n.owner_id or (o.trashed_at is null) <> (n.trashed_at is null);
  return null;
end
$$;

revoke execute on function app.apply_name_word_changes(uuid[], text[], integer[], integer[]),
  app.name_word_changes(uuid, tsvector, boolean, integer) from public;

-- The delete trigger is already per statement; the update trigger becomes one.
drop trigger files_name_words_update on app.files;
create trigger files_name_words_update after update on app.files
  referencing old table as before_rows new table as after_rows
  for each statement execute function app.files_name_words_update();
