-- ======== from 20261123030200_search_index.sql ========
/*
 * The search index: what search_files reads, kept up to date by triggers.
 *
 * Columns added to app.files (never written by the API roles):
 *   type_group     the file's type group (app.type_group_of(mime_type))
 *   tag_ids        the ids of its tags, sorted: a GIN index answers "has all
 *                  of these tags" without a join
 *   search_vector  words of the name (weight A), tags (B), description (C)
 *                  and, for text-like files, content (D); 'simple' dictionary
 *                  (names are not English prose), accents folded
 *
 * app.file_contents holds the text of text-like files, filled at upload
 * completion through api.set_file_content_text (up to
 * `search.content_max_bytes`, default 256 KiB).
 *
 * Indexes (each query shape of search_files relies on one; the pgTAP EXPLAIN
 * test names them):
 *   files_search_name_trgm    GIN (owner_id, name trigrams): substrings and near-misses
 *   files_search_vector       GIN (owner_id, search_vector): words and word prefixes
 *   files_search_tags         GIN (tag_ids): tag filters
 *   files_search_type_updated btree (owner_id, type_group, updated_at): type and date filters
 */


create table app.file_contents (
  file_id uuid primary key,
  owner_id uuid not null,
  content text not null,
  updated_at timestamptz not null default now(),
  constraint file_contents_file foreign key (file_id, owner_id) references app.files (id, owner_id) on delete cascade
);
comment on table app.file_contents is 'The text of text-like files, indexed for content search.';
alter table app.file_contents enable row level security;
revoke all on app.file_contents from public, anon, authenticated;
grant select, insert, update, delete on app.file_contents to authenticated;
grant all on app.file_contents to service_role;
create policy "owners manage their files' text" on app.file_contents
  for all to authenticated using (owner_id = (select app.current_user_id()))
  with check (owner_id = (select app.current_user_id()));

/* How many bytes of a text-like file content search indexes (setting search.content_max_bytes). */
create function app.search_content_max_bytes()
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(nullif(private.setting('search.content_max_bytes'), '')::integer, 262144)
$$;
grant execute on function app.search_content_max_bytes() to authenticated, service_role;

/* Accents folded, as both the index and the queries see text. */
create function app.fold(value text)
returns text
language sql
stable
parallel safe
set search_path = ''
as $$
  select extensions.unaccent('extensions.unaccent'::regdictionary, coalesce(value, ''))
$$;
grant execute on function app.fold(text) to authenticated, service_role;

/* The search vector of one file from its parts. */
create function app.file_search_vector(name text, tag_names text, description text, content text)
returns tsvector
language sql
stable
parallel safe
set search_path = ''
as $$
  select setweight(to_tsvector('simple'::regconfig, app.fold(app.name_words(name))), 'A')
      || setweight(to_tsvector('simple'::regconfig, app.fold(tag_names)), 'B')
      || setweight(to_tsvector('simple'::regconfig, app.fold(left(description, 10000))), 'C')
      || setweight(to_tsvector('simple'::regconfig, app.fold(left(content, 262144))), 'D')
$$;
grant execute on function app.file_search_vector(text, text, text, text) to authenticated, service_role;

/*
 * Keeps type_group and search_vector current on insert and on changes to
 * name, description or type. When app.refresh_file_search (below) rewrites
 * only the search columns it sets `search.refreshing`, and this trigger then
 * keeps updated_at: tagging a file does not make it "modified".
 * Named to fire after files_touch (triggers fire in name order).
 */
create function app.files_tsvector()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_setting('search.refreshing', true) = 'on' then
    new.updated_at := old.updated_at;
  end if;
  new.type_group := app.type_group_of(new.mime_type);
  new.search_vector := app.file_search_vector(
    new.name,
    (select string_agg(t.name, ' ') from app.file_tags ft join app.tags t on t.id = ft.tag_id where ft.file_id = new.id),
    new.description,
    (select c.content from app.file_contents c where c.file_id = new.id));
  return new;
end
$$;

create trigger files_tsvector
  before insert or update of name, description, mime_type, search_vector on app.files
  for each row execute function app.files_tsvector();

/*
 * Recomputes tag_ids and search_vector of some files, after their tags or
 * text changed (security definer: the API roles cannot update app.files).
 */
create function app.refresh_file_search(file_ids uuid[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform set_config('search.refreshing', 'on', true);
  update app.files f
  set tag_ids = coalesce((select array_agg(ft.tag_id order by ft.tag_id) from app.file_tags ft where ft.file_id = f.id), '{}'),
      search_vector = ''::tsvector -- recomputed by files_tsvector
  where f.id = any(file_ids);
  perform set_config('search.refreshing', 'off', true);
end
$$;

create function app.file_tags_refresh()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform app.refresh_file_search(array(select distinct file_id from new_links));
  else
    perform app.refresh_file_search(array(select distinct file_id from old_links));
  end if;
  return null;
end
$$;

create trigger file_tags_refresh_insert after insert on app.file_tags
  referencing new table as new_links
  for each statement execute function app.file_tags_refresh();
create trigger file_tags_refresh_delete after delete on app.file_tags
  referencing old table as old_links
  for each statement execute function app.file_tags_refresh();

/* A renamed tag changes the words of every file carrying it. */
create function app.tags_refresh()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform app.refresh_file_search(array(
    select ft.file_id from app.file_tags ft where ft.tag_id in (select n.id from renamed n)));
  return null;
end
$$;

create trigger tags_refresh after update on app.tags
  referencing new table as renamed
  for each statement execute function app.tags_refresh();

create function app.file_contents_refresh()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform app.refresh_file_search(array[old.file_id]);
  else
    perform app.refresh_file_search(array[new.file_id]);
  end if;
  return null;
end
$$;

create trigger file_contents_refresh after insert or update or delete on app.file_contents
  for each row execute function app.file_contents_refresh();


create index files_search_tags on app.files using gin (tag_ids);
create index files_search_type_updated on app.files (owner_id, type_group, updated_at desc);

/*
 * The text of a text-like file, for content search. Called at upload
 * completion (by the files function, as the uploader or the service role)
 * with the first search.content_max_bytes of the new version; null clears it
 * (a new version of another type).
 */
create function api.set_file_content_text(file_id uuid, content text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  owner uuid;
  max_bytes integer := app.search_content_max_bytes();
  clean text;
begin
  -- Security invoker: RLS shows a user only their own files; the service role all.
  select f.owner_id into owner from app.files f where f.id = file_id;
  if owner is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  if content is null then
    delete from app.file_contents c where c.file_id = file_id;
    return;
  end if;
  -- Cut to the byte cap on a character boundary (each pass drops at least
  -- the excess bytes' worth of characters, at most 4 bytes each).
  clean := left(content, max_bytes);
  while octet_length(clean) > max_bytes loop
    clean := left(clean, char_length(clean) - greatest((octet_length(clean) - max_bytes + 3) / 4, 1));
  end loop;
  insert into app.file_contents (file_id, owner_id, content) values (file_id, owner, clean)
  on conflict on constraint file_contents_pkey do update set content = excluded.content, updated_at = now();
end
$$;
comment on function api.set_file_content_text(uuid, text) is
  'Stores the text of a text-like file (plain text, Markdown, CSV, JSON, source code) for content search, cut to search.content_max_bytes; null removes it. Called at upload completion.';
grant execute on function api.set_file_content_text(uuid, text) to authenticated, service_role;
-- ======== from 20261123030500_search_indexes_single_column.sql ========


-- ======== from 20261123031000_search_owner_tokens.sql ========


/*
 * The owner's key code, now inlined into the queries that use it (an SQL
 * function with SET options is not): the near-miss index re-checks it on
 * every candidate row. Same value; every name is qualified.
 */
create or replace function app.search_owner_code(owner uuid)
returns text
language sql
immutable
parallel safe
as $$
  select pg_catalog.left(pg_catalog.md5(owner::pg_catalog.text), 8)
$$;

/* The owner's trigram keys of a name: every 3 characters in a row of its lower-case alphanumeric runs. */
create function app.search_name_trigrams(owner uuid, name text)
returns text[]
language sql
stable
parallel safe
set search_path = ''
as $$
  select coalesce(array_agg(distinct app.search_owner_code(owner) || substr(r[1], i, 3)), '{}')
  from unnest(array[lower(coalesce(name, '')), lower(app.fold(name))]) s,
       regexp_matches(s, '[[:alnum:]]{3,}', 'g') r,
       generate_series(1, char_length(r[1]) - 2) i
$$;

/* The owner's trigram keys a name must hold to contain the (normalised) query, or null when there are none. */
create function app.search_query_trigrams(owner uuid, qn text)
returns text[]
language sql
stable
parallel safe
set search_path = ''
as $$
  select array_agg(distinct app.search_owner_code(owner) || substr(r[1], i, 3))
  from regexp_matches(left(qn, 256), '[[:alnum:]]{3,}', 'g') r, generate_series(1, char_length(r[1]) - 2) i
$$;

/* The owner's word keys of a file from its search vector: 'n' for name words (weight A), 't' for all. */
create function app.search_word_keys(owner uuid, search_vector tsvector)
returns tsvector
language sql
stable
parallel safe
set search_path = ''
as $$
  select coalesce(array_to_tsvector(array_agg(distinct k)), ''::tsvector)
  from (
    select app.search_owner_code(owner) || 't' || u.lexeme as k from unnest(search_vector) u
    union all
    select app.search_owner_code(owner) || 'n' || u.lexeme from unnest(search_vector) u where 'A' = any(u.weights)
  ) keys
$$;

/* `code+kind+w1:* & ...` for the query's words, or null without words. */
create function app.search_owner_tsquery(owner uuid, qn text, kind text)
returns tsquery
language sql
stable
parallel safe
set search_path = ''
as $$
  select string_agg(quote_literal(app.search_owner_code(owner) || kind || w) || ':*', ' & ')::tsquery
  from unnest(app.search_words(qn)) w
  having count(*) > 0
$$;

grant execute on function app.search_owner_code(uuid), app.search_name_trigrams(uuid, text),
  app.search_query_trigrams(uuid, text), app.search_word_keys(uuid, tsvector),
  app.search_owner_tsquery(uuid, text, text) to authenticated, service_role;


/* Keeps the owner keys current; named to fire after files_tsvector, which sets search_vector. */
create function app.files_search_keys()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.search_trigrams := app.search_name_trigrams(new.owner_id, new.name);
  new.search_words := app.search_word_keys(new.owner_id, new.search_vector);
  return new;
end
$$;

create trigger files_tsvector_keys
  before insert or update of name, search_vector, owner_id on app.files
  for each row execute function app.files_search_keys();


create index files_search_trigrams on app.files using gin (search_trigrams);
create index files_search_words on app.files using gin (search_words);

create index files_search_name_trgm on app.files using gin ((app.search_owner_code(owner_id)), name extensions.gin_trgm_ops);


-- ======== from 20261123060100_content_index_versions.sql ========
-- Content search for copies and restored versions. Upload completion indexes
-- the text of the new version (the files function reads the bytes, SQL keeps
-- the text); a copy or a restored version makes an existing object the
-- file's current version without any bytes passing through a function, so
-- SQL must already know that object's text.
--
-- Objects are immutable, so their text is a property of the object: it is
-- kept per object key (`app.object_texts`) when a version is indexed, and
-- `copy_file` and `restore_version` carry it to the file in the same
-- transaction. The cost is a second copy of indexed text per distinct object
-- (at most search.content_max_bytes each, compressed by TOAST); it goes with
-- the object when the object is queued for deletion.
--
-- An object indexed before this migration and no longer any file's current
-- version has no kept text: restoring it clears the file's text (a stale text
-- must not match) and queues the file for the files function's maintenance,
-- which reads the bytes and indexes them as an upload would.

/* The text of each indexed object (text-like types only). */
create table app.object_texts (
  object_key text primary key,
  owner_id uuid not null references app.users (id) on delete cascade,
  content text not null,
  created_at timestamptz not null default now()
);
alter table app.object_texts enable row level security;
comment on table app.object_texts is 'The indexed text of each object of a text-like version, carried to copies and restored versions.';
revoke all on app.object_texts from public, anon, authenticated;
grant all on app.object_texts to service_role;
create policy "the service role manages object texts" on app.object_texts
  for all to service_role using (true) with check (true);

/* Files whose current object's text is unknown, for the maintenance job to index from the bytes. */
create table app.content_reindex (
  file_id uuid primary key references app.files (id) on delete cascade,
  queued_at timestamptz not null default now()
);
alter table app.content_reindex enable row level security;
comment on table app.content_reindex is 'Files whose content text must be read again from their bytes (maintenance).';
revoke all on app.content_reindex from public, anon, authenticated;
grant all on app.content_reindex to service_role;
create policy "the service role manages the reindex queue" on app.content_reindex
  for all to service_role using (true) with check (true);

/* The texts already indexed stand for their current objects. */
insert into app.object_texts (object_key, owner_id, content)
select v.object_key, f.owner_id, c.content
from app.file_contents c
join app.files f on f.id = c.file_id
join app.file_versions v on v.id = f.current_version_id
on conflict (object_key) do nothing;

/* An object queued for deletion is referenced by nothing: its text goes too. */
create or replace function app.forget_object_text()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from app.object_texts where object_key = new.object_key;
  return new;
end
$$;

create trigger storage_garbage_forget_text
  after insert on app.storage_garbage
  for each row execute function app.forget_object_text();

/*
 * Indexes one version's text (null: a type without text), as its uploader:
 * kept for its object, and made the file's content text when that version is
 * still the file's current one (a slow indexer of a version replaced since
 * must not overwrite the newer text). Called by the files function.
 */
create or replace function app.index_version_content(version_id uuid, content text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_user_id();
  max_bytes integer := app.search_content_max_bytes();
  target app.file_versions;
  clean text := content;
begin
  select * into target from app.file_versions v where v.id = version_id and v.owner_id = uid;
  if not found then
    raise exception using errcode = 'PT404', message = 'Version not found.';
  end if;
  if clean is not null then
    -- The cap api.set_file_content_text applies, on a character boundary.
    clean := left(clean, max_bytes);
    while octet_length(clean) > max_bytes loop
      clean := left(clean, char_length(clean) - greatest((octet_length(clean) - max_bytes + 3) / 4, 1));
    end loop;
    insert into app.object_texts (object_key, owner_id, content) values (target.object_key, uid, clean)
    on conflict (object_key) do update set content = excluded.content;
  end if;
  if exists (select from app.files f where f.id = target.file_id and f.current_version_id = target.id) then
    perform api.set_file_content_text(target.file_id, clean);
    delete from app.content_reindex q where q.file_id = target.file_id;
  end if;
end
$$;
comment on function app.index_version_content(uuid, text) is
  'Keeps the text of a version''s object and, when it is the current version, makes it the file''s content text.';
grant execute on function app.index_version_content(uuid, text) to authenticated;

/*
 * Makes a file's content text match its current version after a copy or a
 * restored version: the object's kept text, else (a copy) the source file's
 * text when the source's current version is the same object; unknown text is
 * cleared and the file queued for the maintenance job.
 */
create or replace function app.carry_content_text(target_file uuid, source_file uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  current_version app.file_versions;
  known text;
begin
  select v.* into current_version
  from app.files f join app.file_versions v on v.id = f.current_version_id
  where f.id = target_file;
  if not found then
    return;
  end if;
  if not app.type_has_text(current_version.mime_type) then
    perform api.set_file_content_text(target_file, null);
    return;
  end if;
  select t.content into known from app.object_texts t where t.object_key = current_version.object_key;
  if known is null and source_file is not null then
    select c.content into known
    from app.file_contents c
    join app.files s on s.id = c.file_id
    join app.file_versions sv on sv.id = s.current_version_id
    where c.file_id = source_file and sv.object_key = current_version.object_key;
  end if;
  perform api.set_file_content_text(target_file, known);
  if known is null then
    insert into app.content_reindex (file_id) values (target_file) on conflict (file_id) do nothing;
  end if;
end
$$;


revoke execute on function app.forget_object_text(), app.index_version_content(uuid, text),
  app.carry_content_text(uuid, uuid) from public;
