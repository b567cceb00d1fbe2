-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.apply_name_word_changes(owners uuid[], words text[], files integer[], trashed integer[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
