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

alter table app.files
  add column type_group text not null default 'other',
  add column tag_ids uuid[] not null default '{}',
  add column search_vector tsvector not null default ''::tsvector;

comment on column app.files.type_group is 'Search: the type group of mime_type, kept by trigger.';
comment on column app.files.tag_ids is 'Search: the ids of the file''s tags (sorted), kept by trigger from app.file_tags.';
comment on column app.files.search_vector is 'Search: name, tags, description and content words, kept by trigger.';

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

create index files_search_name_trgm on app.files using gin (owner_id, name extensions.gin_trgm_ops);
create index files_search_vector on app.files using gin (owner_id, search_vector);
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
