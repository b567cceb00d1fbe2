-- Name-word helpers for pgTAP: an owner's vocabulary counts as stored, and as
-- recounted from their files, both as {word: [files, trashed]}.

create schema if not exists tests;

create or replace function tests.name_word_counts(owner uuid)
returns jsonb
language sql
as $$
  select coalesce(jsonb_object_agg(word, jsonb_build_array(files, trashed)), '{}') from app.owner_name_words where owner_id = owner
$$;

create or replace function tests.name_word_recount(owner uuid)
returns jsonb
language sql
as $$
  select coalesce(jsonb_object_agg(word, jsonb_build_array(files, trashed)), '{}')
  from (select x as word, count(*) filter (where f.trashed_at is null) as files, count(*) filter (where f.trashed_at is not null) as trashed
        from app.files f, unnest(app.search_name_vocabulary(f.search_vector)) x
        where f.owner_id = owner group by x) c
$$;

grant execute on function tests.name_word_counts(uuid), tests.name_word_recount(uuid) to anon, authenticated, service_role;
