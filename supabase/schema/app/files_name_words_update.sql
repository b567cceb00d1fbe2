-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.files_name_words_update()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
