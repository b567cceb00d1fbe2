-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.activity_log_rare_word(q text)
 RETURNS tsquery
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  t text := lower(btrim(q));
  tokens text[] := array_remove(regexp_split_to_array(t, '[^[:alnum:]]+'), '');
  n integer := cardinality(tokens);
  opens_bounded boolean := t ~ '^[^[:alnum:]]';
  closes_bounded boolean := t ~ '[^[:alnum:]]$';
  common text[];
  freqs real[];
  word text;
  whole boolean;
  freq float8;
  best text;
  best_whole boolean;
  best_freq float8;
begin
  select s.most_common_elems::text::text[], s.most_common_elem_freqs into common, freqs
  from pg_catalog.pg_stats s
  where s.schemaname = 'app' and s.tablename = 'activity_log_meta_words'
  limit 1;
  for i in 1 .. coalesce(n, 0) loop
    continue when i = 1 and not opens_bounded;
    whole := i < n or closes_bounded;
    word := left(tokens[i], 64);
    continue when not whole and length(word) < 4;
    freq := coalesce((
      select sum(freqs[k]) from generate_subscripts(common, 1) k
      where case when whole then common[k] = word else starts_with(common[k], word) end
    ), 0);
    if best is null or freq < best_freq or (freq = best_freq and (whole and not best_whole
        or whole = best_whole and length(word) > length(best))) then
      best := word;
      best_whole := whole;
      best_freq := freq;
    end if;
  end loop;
  if best is null or best_freq >= 0.0005 then
    return null;
  end if;
  return (quote_literal(best) || case when best_whole then '' else ':*' end || ' | ''~''')::tsquery;
end
$function$;
