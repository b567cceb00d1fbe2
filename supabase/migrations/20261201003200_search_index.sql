/*
 * The search index: what api.search_files reads, kept current by triggers.
 *
 * Search columns of app.files (created with the table in the files
 * migration; only the triggers here write them, never the API roles):
 *   type_group       the file's type group, app.type_group_of(mime_type)
 *   tag_ids          the ids of its tags, sorted: a GIN index answers "has all
 *                    of these tags" without a join
 *   search_vector    the words of the name (weight A), tags (B), description
 *                    (C) and, for text-like files, content (D); 'simple'
 *                    dictionary (names are not English prose), accents folded
 *   search_trigrams  the owner's trigram keys of the name
 *   search_words     the owner's word keys: 'n' + each name word, 't' + every
 *                    word of the name, tags, description and content
 *
 * Owner keys. On a big drive (bench/search: one user owning 200,000 of
 * 1,000,000 files) a GIN index keyed by trigram or word alone returns every
 * user's matches, and a GIN that leads with owner_id (btree_gin) intersects
 * each key with the owner's whole 200,000-entry posting list (28 ms for one
 * prefix). So each key starts with a short code of its owner
 * (app.search_owner_code): `name ILIKE '%bud%'` is checked only on the files
 * whose trigram keys hold code || 'bud', one small posting list, and a word
 * prefix is a prefix of the owner's word keys. Codes may collide (8 hex
 * digits of md5); a collision only costs time, since every query keeps its
 * owner_id predicate.
 *
 * Indexes of app.files, each serving a query shape of search_files (the
 * pgTAP plan test, 33_search_plans, names them):
 *   files_search_trigrams      GIN (search_trigrams): name substrings
 *   files_search_words         GIN (search_words): word prefixes of the name
 *                              ('n') or of any text ('t'), and the files
 *                              holding an owner's near words
 *   files_search_name_trgm     GIN (owner code, name trigrams): near-misses of
 *                              the whole name (`q <% name`)
 *   files_search_tags          GIN (tag_ids): tag filters
 *   files_search_type_updated  btree (owner_id, type_group, updated_at): type
 *                              and date filters
 * The two btree indexes that search_files walks past 1000 matches
 * (files_search_owner_recent, files_search_name_prefix) are in the
 * search_files migration, beside the code that walks them.
 *
 * The last section holds the text of text-like files (app.file_contents,
 * app.object_texts): kept per object, so that copies and restored versions
 * carry it without reading any bytes.
 */


/*
 * Search keys: how a file's name, tags, description and text become its
 * search_vector and owner keys, and how a query becomes the same keys (the
 * query side, app.search_query_trigrams and app.search_owner_tsquery, is
 * called once per search by app.search_terms in the search_files migration).
 */

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

/*
 * The search vector of one file from its parts (the description and the
 * content cut to 10,000 and 262,144 characters).
 */
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
 * The short code of an owner that starts each of its search keys: 8 hex
 * digits of md5. An immutable SQL function without SET options and with
 * every name qualified, so that Postgres inlines it into the queries that use
 * it (an SQL function with SET options is never inlined): the near-miss index
 * files_search_name_trgm is built on it and re-checks it on every candidate row.
 */
create function app.search_owner_code(owner uuid)
returns text
language sql
immutable
parallel safe
as $$
  select pg_catalog.left(pg_catalog.md5(owner::pg_catalog.text), 8)
$$;
grant execute on function app.search_owner_code(uuid) to authenticated, service_role;

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
grant execute on function app.search_name_trigrams(uuid, text) to authenticated, service_role;

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
grant execute on function app.search_query_trigrams(uuid, text) to authenticated, service_role;

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
grant execute on function app.search_word_keys(uuid, tsvector) to authenticated, service_role;

/* `code+kind+w1:* & ...` for the query's words (kind 'n': name words, 't': all words), or null without words. */
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
grant execute on function app.search_owner_tsquery(uuid, text, text) to authenticated, service_role;


/*
 * Keeping the search columns current.
 *
 * A file's own changes are handled by BEFORE row triggers on app.files, which
 * fire in name order: files_touch (the files migration) sets updated_at,
 * files_tsvector recomputes type_group and search_vector, files_tsvector_keys
 * then the owner keys from them.
 *
 * Its tags, a renamed tag or its text change other tables: AFTER triggers on
 * app.file_tags, app.tags and app.file_contents hand the files concerned to
 * app.refresh_file_search, which rewrites their tag_ids and has the row
 * triggers recompute the rest, keeping updated_at: tagging a file does not
 * make it "modified".
 */

/*
 * Keeps type_group and search_vector current on insert and on changes to
 * name, description or type. When app.refresh_file_search rewrites only the
 * search columns it sets `search.refreshing`, and this trigger then keeps
 * updated_at.
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

/* Keeps the owner keys current, from the name and from the search_vector files_tsvector has just set. */
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

/*
 * Recomputes tag_ids and search_vector of some files, after their tags or
 * text changed (security definer: the API roles cannot update app.files).
 * Setting search_vector fires files_tsvector, which computes the real value.
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

/* Tags added to or removed from files, one statement at a time. */
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


/*
 * The indexes (see the top of this file). files_search_name_trgm leads with
 * the owner code as an expression, so that no other query shape can pick it
 * for its owner_id predicate.
 */
create index files_search_trigrams on app.files using gin (search_trigrams);
create index files_search_words on app.files using gin (search_words);
create index files_search_name_trgm on app.files using gin ((app.search_owner_code(owner_id)), name extensions.gin_trgm_ops);
create index files_search_tags on app.files using gin (tag_ids);
create index files_search_type_updated on app.files (owner_id, type_group, updated_at desc);


/*
 * The text of text-like files, for content search.
 *
 * Which types have text is app.mime_type_groups.has_text (plain text,
 * Markdown, CSV, JSON, source code). At upload completion the files function
 * reads the first search.content_max_bytes of the new version (256 KiB by
 * default) and gives them to app.index_version_content as the uploader.
 * Indexing is best effort: when it fails, the upload still completes.
 *
 *   app.file_contents    the text of each file's current version; its words
 *                        are the file's search_vector weight D
 *   app.object_texts     the text of each indexed object. Objects are
 *                        immutable, so their text is a property of the
 *                        object: a copy (api.copy_file) or a restored version
 *                        (api.restore_version) makes an existing object a
 *                        file's current version without any bytes passing
 *                        through a function, and app.carry_content_text gives
 *                        the file that object's text in the same transaction.
 *                        The cost is a second copy of the indexed text per
 *                        distinct object (at most search.content_max_bytes
 *                        each, compressed by TOAST); it goes with the object
 *                        when the object is queued for deletion.
 *   app.content_reindex  files whose current object's text is not known (its
 *                        indexing failed): their text is cleared, since a
 *                        stale text must not match, and the files function's
 *                        maintenance reads their bytes and indexes them as an
 *                        upload would.
 */

create table app.file_contents (
  file_id uuid primary key,
  owner_id uuid not null,
  content text not null,
  updated_at timestamptz not null default now(),
  constraint file_contents_file foreign key (file_id, owner_id) references app.files (id, owner_id) on delete cascade
);
alter table app.file_contents enable row level security;
revoke all on app.file_contents from public, anon, authenticated;
grant select, insert, update, delete on app.file_contents to authenticated;
grant all on app.file_contents to service_role;
comment on table app.file_contents is 'The text of text-like files, indexed for content search.';

/* The text of each indexed object (text-like types only). */
create table app.object_texts (
  object_key text primary key,
  owner_id uuid not null references app.users (id) on delete cascade,
  content text not null,
  created_at timestamptz not null default now()
);
alter table app.object_texts enable row level security;
revoke all on app.object_texts from public, anon, authenticated;
grant all on app.object_texts to service_role;
comment on table app.object_texts is 'The indexed text of each object of a text-like version, carried to copies and restored versions.';

/* Files whose current object's text is unknown, for the maintenance job to index from the bytes. */
create table app.content_reindex (
  file_id uuid primary key references app.files (id) on delete cascade,
  queued_at timestamptz not null default now()
);
alter table app.content_reindex enable row level security;
revoke all on app.content_reindex from public, anon, authenticated;
grant all on app.content_reindex to service_role;
comment on table app.content_reindex is 'Files whose content text must be read again from their bytes (maintenance).';

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

/* A file's new text changes its search_vector. */
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

/* An object queued for deletion is referenced by nothing: its text goes too. */
create function app.forget_object_text()
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
revoke execute on function app.forget_object_text() from public;

create trigger storage_garbage_forget_text
  after insert on app.storage_garbage
  for each row execute function app.forget_object_text();

create policy "owners manage their files' text" on app.file_contents
  for all to authenticated using (owner_id = (select app.current_user_id()))
  with check (owner_id = (select app.current_user_id()));
create policy "the service role manages object texts" on app.object_texts
  for all to service_role using (true) with check (true);
create policy "the service role manages the reindex queue" on app.content_reindex
  for all to service_role using (true) with check (true);

/*
 * Sets the text of a text-like file, for content search, cut to
 * search.content_max_bytes on a character boundary; null clears it (a new
 * version of another type). Called by app.index_version_content and
 * app.carry_content_text; security invoker, so a user reaches only their
 * own files' text (RLS) and the service role every file's.
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

/*
 * Indexes one version's text (null: a type without text), as its uploader:
 * kept for its object, and made the file's content text when that version is
 * still the file's current one (a slow indexer of a version replaced since
 * must not overwrite the newer text). Called by the files function at upload
 * completion and by its maintenance for the files queued in app.content_reindex.
 */
create function app.index_version_content(version_id uuid, content text)
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
revoke execute on function app.index_version_content(uuid, text) from public;

/*
 * Makes a file's content text match its current version after a copy or a
 * restored version: the object's kept text, else (a copy) the source file's
 * text when the source's current version is the same object; unknown text is
 * cleared and the file queued for the maintenance job.
 */
create function app.carry_content_text(target_file uuid, source_file uuid default null)
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
revoke execute on function app.carry_content_text(uuid, uuid) from public;
