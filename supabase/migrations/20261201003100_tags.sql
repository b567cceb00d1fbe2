/*
 * Tags: each user's own vocabulary of labels, attached to their files.
 *
 *   app.tags        one row per (owner, name); names are normalised:
 *                   lower-case, trimmed, inner blanks collapsed, 1 to 50 characters.
 *   app.file_tags   which tag is on which file, at most 50 per file.
 *
 * Isolation is structural, not only a policy: a link carries its owner, and
 * composite foreign keys force the file and the tag to belong to that same
 * owner, so not even a security definer bug could hang one user's tag on
 * another user's file. RLS then lets each user see and change only their rows.
 *
 * Writes go through the API functions below (security invoker: they run with
 * the caller's privileges, under RLS).
 */

/* A tag name as stored: lower-case, trimmed, blanks collapsed, no control characters. */
create function app.normalize_tag(name text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select lower(btrim(regexp_replace(regexp_replace(name, '[[:cntrl:]]', '', 'g'), '\s+', ' ', 'g')))
$$;
grant execute on function app.normalize_tag(text) to authenticated, service_role;

create table app.tags (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default app.current_user_id() references app.users (id) on delete cascade,
  name text not null
    constraint tags_name_normalised check (name = app.normalize_tag(name))
    constraint tags_name_length check (char_length(name) between 1 and 50),
  created_at timestamptz not null default now(),
  constraint tags_owner_name_key unique (owner_id, name),
  -- the target of file_tags' composite key: a link's tag has the link's owner
  constraint tags_id_owner_key unique (id, owner_id)
);
comment on table app.tags is 'Each user''s tag vocabulary.';
alter table app.tags enable row level security;

create table app.file_tags (
  file_id uuid not null,
  tag_id uuid not null,
  owner_id uuid not null default app.current_user_id(),
  created_at timestamptz not null default now(),
  primary key (file_id, tag_id),
  constraint file_tags_file foreign key (file_id, owner_id) references app.files (id, owner_id) on delete cascade,
  constraint file_tags_tag foreign key (tag_id, owner_id) references app.tags (id, owner_id) on delete cascade
);
comment on table app.file_tags is 'Which of its owner''s tags are on a file.';
alter table app.file_tags enable row level security;
create index file_tags_tag on app.file_tags (tag_id, file_id);

revoke all on app.tags, app.file_tags from public, anon, authenticated;
grant select, insert, update, delete on app.tags, app.file_tags to authenticated;
grant all on app.tags, app.file_tags to service_role;

create policy "owners read their tags" on app.tags
  for select to authenticated using (owner_id = (select app.current_user_id()));
create policy "owners create their tags" on app.tags
  for insert to authenticated with check (owner_id = (select app.current_user_id()));
create policy "owners rename their tags" on app.tags
  for update to authenticated using (owner_id = (select app.current_user_id()))
  with check (owner_id = (select app.current_user_id()));
create policy "owners delete their tags" on app.tags
  for delete to authenticated using (owner_id = (select app.current_user_id()));

create policy "owners read their file tags" on app.file_tags
  for select to authenticated using (owner_id = (select app.current_user_id()));
create policy "owners tag their files" on app.file_tags
  for insert to authenticated with check (owner_id = (select app.current_user_id()));
create policy "owners untag their files" on app.file_tags
  for delete to authenticated using (owner_id = (select app.current_user_id()));

/*
 * The at-most-50-tags rule, checked once per statement after the links
 * land, so a merge or a bulk add counts the final state.
 */
create function app.file_tags_limit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (
    select from app.file_tags t
    where t.file_id in (select n.file_id from new_links n)
    group by t.file_id
    having count(*) > 50
  ) then
    raise exception using errcode = 'P0001', message = 'A file can carry at most 50 tags.',
      hint = 'Remove a tag before adding another.';
  end if;
  return null;
end
$$;

create trigger file_tags_limit after insert on app.file_tags
  referencing new table as new_links
  for each statement execute function app.file_tags_limit();

/*
 * Normalised, de-duplicated tag names from user input; raises a 400-class
 * error naming the first bad one.
 */
create function app.clean_tag_names(names text[])
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  result text[] := '{}'::text[];
  raw text;
  tag text;
begin
  if names is null then
    return result;
  end if;
  if cardinality(names) > 50 then
    raise exception using errcode = 'P0001', message = 'A file can carry at most 50 tags.';
  end if;
  foreach raw in array names loop
    tag := app.normalize_tag(raw);
    if tag is null or char_length(tag) < 1 or char_length(tag) > 50 then
      raise exception using errcode = '22023', message = 'A tag is 1 to 50 characters long.',
        detail = format('Refused tag: %s', left(coalesce(raw, 'null'), 60));
    end if;
    if not tag = any(result) then
      result := result || tag;
    end if;
  end loop;
  return result;
end
$$;
grant execute on function app.clean_tag_names(text[]) to authenticated, service_role;

/* A file's tags as a JSON array of {id, name}, by name. */
create function app.file_tag_list(target_file uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) order by t.name), '[]')
  from app.file_tags ft join app.tags t on t.id = ft.tag_id
  where ft.file_id = target_file
$$;
grant execute on function app.file_tag_list(uuid) to authenticated, service_role;

/*
 * Attaches tags to a file of `owner`: creates missing tags, skips ones the
 * file has. Shared by api.add_tags and the upload completion (tags given at
 * upload), which runs as a trusted role on the uploader's behalf.
 */
create function app.attach_tags(target_file uuid, owner uuid, names text[])
returns void
language plpgsql
set search_path = ''
as $$
declare
  clean text[] := app.clean_tag_names(names);
begin
  if cardinality(clean) = 0 then
    return;
  end if;
  insert into app.tags (owner_id, name)
  select owner, n from unnest(clean) n
  on conflict (owner_id, name) do nothing;
  insert into app.file_tags (file_id, tag_id, owner_id)
  select target_file, t.id, owner
  from app.tags t
  where t.owner_id = owner and t.name = any(clean)
  on conflict do nothing;
end
$$;
grant execute on function app.attach_tags(uuid, uuid, text[]) to authenticated, service_role;

/*
 * The API.
 */
create view api.tags with (security_invoker = true) as
  select id, name, created_at from app.tags;
comment on view api.tags is 'Your tags. Change them with add_tags, remove_tag, rename_tag, merge_tags and delete_tag.';
/*
 * Tag chips for a whole folder in one request.
 *
 * The drive shows each file's tags beside its name. `api.file_tags` could
 * only be asked by file (`file_id=in.(...)`), which needs the listing first
 * and a URL that grows with the folder. Giving each link its file's folder
 * lets the web ask `file_tags?folder_id=eq.<id>` (or `is.null` for the root)
 * at the same time as it lists the folder.
 *
 * The view stays security_invoker: the caller's RLS on app.file_tags,
 * app.tags and app.files decides what it sees. The owner filter keeps an
 * admin (who may read every file's metadata) to their own links, as
 * api.files does, and lets the planner start from the caller's rows.
 */
create or replace view api.file_tags with (security_invoker = true) as
  select ft.file_id, ft.tag_id, t.name, ft.created_at, f.folder_id
  from app.file_tags ft
  join app.tags t on t.id = ft.tag_id
  join app.files f on f.id = ft.file_id
  where ft.owner_id = (select app.current_user_id());
comment on view api.file_tags is
  'The tags on your files, one row per file and tag. Ask by file (file_id=in.(...)) or by folder (folder_id=eq.<id>, folder_id=is.null for the root) to show tag chips.';

revoke all on api.tags, api.file_tags from public, anon, authenticated;
grant select on api.tags, api.file_tags to authenticated, service_role;

create function api.add_tags(file_id uuid, tags text[])
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_user_id();
begin
  if not exists (select from app.files f where f.id = file_id and f.owner_id = me) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  perform app.attach_tags(file_id, me, tags);
  return app.file_tag_list(file_id);
end
$$;
comment on function api.add_tags(uuid, text[]) is
  'Adds tags to your file (POST /files/{id}/tags). Names are lower-cased, trimmed and de-duplicated; 1 to 50 characters each, at most 50 per file. Returns the file''s tags [{id, name}].';

create function api.remove_tag(file_id uuid, tag_id uuid)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_user_id();
begin
  if not exists (select from app.files f where f.id = file_id and f.owner_id = me) then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  delete from app.file_tags ft where ft.file_id = file_id and ft.tag_id = tag_id;
  if not found then
    raise exception using errcode = 'PT404', message = 'That tag is not on this file.';
  end if;
  return app.file_tag_list(file_id);
end
$$;
comment on function api.remove_tag(uuid, uuid) is
  'Removes one tag from your file (DELETE /files/{id}/tags/{tag_id}); the tag stays in your vocabulary. Returns the file''s tags.';

create function api.list_tags()
returns table (id uuid, name text, file_count bigint, created_at timestamptz)
language sql
stable
set search_path = ''
as $$
  select t.id, t.name,
         (select count(*) from app.file_tags ft join app.files f on f.id = ft.file_id
           where ft.tag_id = t.id and f.trashed_at is null),
         t.created_at
  from app.tags t
  where t.owner_id = app.require_user_id()
  order by t.name
$$;
comment on function api.list_tags() is
  'Your tags with the number of files (not in the trash) carrying each, by name: the sidebar list and the tag editor''s autocomplete.';

create function api.rename_tag(tag_id uuid, name text)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_user_id();
  clean text := (app.clean_tag_names(array[name]))[1];
  renamed app.tags;
begin
  if exists (select from app.tags t where t.owner_id = me and t.name = clean and t.id <> tag_id) then
    raise exception using errcode = '23505', message = 'You already have a tag with that name.',
      hint = 'Merge the two tags instead.';
  end if;
  update app.tags t set name = clean where t.id = tag_id and t.owner_id = me returning * into renamed;
  if renamed.id is null then
    raise exception using errcode = 'PT404', message = 'Tag not found.';
  end if;
  return jsonb_build_object('id', renamed.id, 'name', renamed.name, 'created_at', renamed.created_at);
end
$$;
comment on function api.rename_tag(uuid, text) is
  'Renames your tag everywhere it is used. 409 when you already have a tag with that name: merge them instead.';

create function api.merge_tags(source_id uuid, target_id uuid)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_user_id();
  target app.tags;
begin
  select * into target from app.tags t where t.id = target_id and t.owner_id = me;
  if target.id is null or not exists (select from app.tags t where t.id = source_id and t.owner_id = me) then
    raise exception using errcode = 'PT404', message = 'Tag not found.';
  end if;
  if source_id = target_id then
    raise exception using errcode = '22023', message = 'A tag cannot be merged into itself.';
  end if;
  -- Move the links in one statement, so a file at the 50-tag limit that
  -- carries the source tag is never counted with both.
  with moved as (
    delete from app.file_tags ft where ft.tag_id = source_id returning ft.file_id
  )
  insert into app.file_tags (file_id, tag_id, owner_id)
  select moved.file_id, target_id, me from moved
  on conflict do nothing;
  delete from app.tags t where t.id = source_id;
  return jsonb_build_object('id', target.id, 'name', target.name, 'created_at', target.created_at);
end
$$;
comment on function api.merge_tags(uuid, uuid) is
  'Moves every file of the source tag to the target tag and deletes the source. Returns the target tag.';

create function api.delete_tag(tag_id uuid)
returns void
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_variable
declare
  me uuid := app.require_user_id();
begin
  delete from app.tags t where t.id = tag_id and t.owner_id = me;
  if not found then
    raise exception using errcode = 'PT404', message = 'Tag not found.';
  end if;
end
$$;
comment on function api.delete_tag(uuid) is 'Deletes your tag and removes it from every file.';

grant execute on function api.add_tags(uuid, text[]), api.remove_tag(uuid, uuid), api.list_tags(),
  api.rename_tag(uuid, text), api.merge_tags(uuid, uuid), api.delete_tag(uuid) to authenticated;

/*
 * Tags given at upload (`tags` of POST /functions/v1/files/uploads, kept in
 * app.uploads.tags) land on the file when its upload completes: the upload
 * row turning 'completed' with its file_id is the one moment both exist.
 * A trigger keeps this rule beside the tags instead of inside the upload code.
 */
create function app.uploads_attach_tags()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'completed' and old.status is distinct from 'completed'
     and new.file_id is not null and cardinality(new.tags) > 0 then
    perform app.attach_tags(new.file_id, new.owner_id, new.tags);
  end if;
  return null;
end
$$;

create trigger uploads_attach_tags after update of status on app.uploads
  for each row execute function app.uploads_attach_tags();

