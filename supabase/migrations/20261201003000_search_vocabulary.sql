/*
 * Search vocabulary: what a search understands before it touches a file.
 *
 *   app.mime_type_groups   the one table mapping MIME types to the type groups
 *                          a person filters by (image, video, ..., other), and
 *                          which types hold text worth indexing for content search.
 *   app.type_group_of()    the group of one MIME type ('other' when unknown).
 *   app.name_words()       a file name split into words: on `_ - .`, spaces and
 *                          camelCase, lower-cased ("meetingNotes_v2.md" ->
 *                          "meeting notes v2 md"); immutable, so indexable.
 *   app.search_words()     a search string split the same way into at most 16
 *                          alphanumeric words, safe to put into a tsquery.
 */

-- GIN indexes that lead with owner_id (btree_gin) let one index scan keep
-- only the caller's rows before touching the table. Available on hosted Supabase.
create extension if not exists btree_gin with schema extensions;

create table app.mime_type_groups (
  mime_pattern text primary key
    constraint mime_pattern_shape check (mime_pattern ~ '^[a-z0-9][a-z0-9.+-]*/([a-z0-9][a-z0-9.+-]*|\*)$'),
  type_group text not null
    constraint type_group_known check (type_group in (
      'image', 'video', 'audio', 'document', 'spreadsheet', 'presentation', 'pdf', 'archive', 'code', 'other')),
  has_text boolean not null default false
);
comment on table app.mime_type_groups is
  'MIME type (exact, or a family such as image/ plus a star) -> type group; has_text marks types whose content is indexed for search.';
alter table app.mime_type_groups enable row level security;
grant select on app.mime_type_groups to anon, authenticated, service_role;

create policy "everyone reads the type groups" on app.mime_type_groups
  for select to anon, authenticated using (true);

insert into app.mime_type_groups (mime_pattern, type_group, has_text) values
  ('image/*', 'image', false),
  ('image/svg+xml', 'image', false),
  ('video/*', 'video', false),
  ('audio/*', 'audio', false),
  ('application/ogg', 'audio', false),
  ('application/pdf', 'pdf', false),
  ('text/plain', 'document', true),
  ('text/markdown', 'document', true),
  ('text/x-markdown', 'document', true),
  ('text/rtf', 'document', false),
  ('application/rtf', 'document', false),
  ('application/msword', 'document', false),
  ('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'document', false),
  ('application/vnd.oasis.opendocument.text', 'document', false),
  ('application/epub+zip', 'document', false),
  ('text/csv', 'spreadsheet', true),
  ('text/tab-separated-values', 'spreadsheet', true),
  ('application/vnd.ms-excel', 'spreadsheet', false),
  ('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'spreadsheet', false),
  ('application/vnd.oasis.opendocument.spreadsheet', 'spreadsheet', false),
  ('application/vnd.ms-powerpoint', 'presentation', false),
  ('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'presentation', false),
  ('application/vnd.oasis.opendocument.presentation', 'presentation', false),
  ('application/zip', 'archive', false),
  ('application/x-zip-compressed', 'archive', false),
  ('application/gzip', 'archive', false),
  ('application/x-gzip', 'archive', false),
  ('application/x-tar', 'archive', false),
  ('application/x-7z-compressed', 'archive', false),
  ('application/x-rar-compressed', 'archive', false),
  ('application/vnd.rar', 'archive', false),
  ('application/x-bzip2', 'archive', false),
  ('application/x-xz', 'archive', false),
  ('application/json', 'code', true),
  ('application/xml', 'code', true),
  ('text/xml', 'code', true),
  ('text/html', 'code', true),
  ('text/css', 'code', true),
  ('text/javascript', 'code', true),
  ('application/javascript', 'code', true),
  ('application/typescript', 'code', true),
  ('text/x-typescript', 'code', true),
  ('text/x-python', 'code', true),
  ('text/x-c', 'code', true),
  ('text/x-c++', 'code', true),
  ('text/x-java', 'code', true),
  ('text/x-go', 'code', true),
  ('text/x-rust', 'code', true),
  ('text/x-ruby', 'code', true),
  ('text/x-php', 'code', true),
  ('text/x-sql', 'code', true),
  ('application/sql', 'code', true),
  ('text/x-shellscript', 'code', true),
  ('application/x-sh', 'code', true),
  ('application/yaml', 'code', true),
  ('text/yaml', 'code', true),
  ('application/toml', 'code', true),
  ('text/*', 'document', true);

/* The type group of a MIME type: an exact row, else its family row ("image/" followed by a star), else 'other'. */
create function app.type_group_of(mime text)
returns text
language sql
stable
set search_path = ''
as $$
  select coalesce(
    (select g.type_group from app.mime_type_groups g
      where g.mime_pattern in (lower(btrim(split_part(mime, ';', 1))), split_part(lower(btrim(mime)), '/', 1) || '/*')
      order by g.mime_pattern like '%/*' limit 1),
    'other')
$$;

/* Does this MIME type hold text that content search indexes? */
create function app.type_has_text(mime text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(
    (select g.has_text from app.mime_type_groups g
      where g.mime_pattern in (lower(btrim(split_part(mime, ';', 1))), split_part(lower(btrim(mime)), '/', 1) || '/*')
      order by g.mime_pattern like '%/*' limit 1),
    false)
$$;

/* A name split into lower-case words on `_ - .`, spaces and camelCase ("XMLParser" -> "xml parser"). */
create function app.name_words(name text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select btrim(lower(regexp_replace(
    regexp_replace(
      regexp_replace(coalesce(name, ''), '([[:lower:][:digit:]])([[:upper:]])', '\1 \2', 'g'),
      '([[:upper:]])([[:upper:]][[:lower:]])', '\1 \2', 'g'),
    '[^[:alnum:]]+', ' ', 'g')))
$$;

/* A search string as at most 16 distinct alphanumeric words, split like names. */
create function app.search_words(query text)
returns text[]
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(array_agg(w order by n), '{}')
  from (
    select w, min(n) as n
    from unnest(string_to_array(app.name_words(left(query, 1000)), ' ')) with ordinality as t(w, n)
    where w <> ''
    group by w
    order by min(n)
    limit 16
  ) words
$$;

grant execute on function app.type_group_of(text) to authenticated, service_role;
grant execute on function app.type_has_text(text) to authenticated, service_role;
grant execute on function app.name_words(text) to authenticated, service_role;
grant execute on function app.search_words(text) to authenticated, service_role;

create view api.type_groups with (security_invoker = true) as
  select mime_pattern, type_group, has_text from app.mime_type_groups;
comment on view api.type_groups is
  'How MIME types map to the type groups search filters by (type_group of search_files). "image/*" covers a whole family; has_text types are content-searchable.';
grant select on api.type_groups to anon, authenticated, service_role;
