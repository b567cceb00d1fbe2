-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_bucket_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer, walk_rows integer, cursor jsonb, page_size integer)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  rest text := coalesce(' and ' || nullif(array_to_string(filters[2:], ' and '), ''), '');
  conds text[] := app.search_bucket_conds(t, fuzzy);
  earlier text := 'false';
  keyset text := 'true';
  lookup text;
  hit text;
begin
  if cursor is not null and (cursor ->> 0)::integer = bucket then
    if bucket = 5 then
      keyset := format('(%1$s < %2$L or (%1$s = %2$L and (f.updated_at, f.id) < (%3$L::timestamptz, %4$L::uuid)))',
        (app.search_near_arm(t))[2], (cursor ->> 1)::real, (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid);
    else
      keyset := format('(f.updated_at, f.id) < (%L::timestamptz, %L::uuid)', (cursor ->> 2)::timestamptz, (cursor ->> 3)::uuid);
    end if;
  end if;

  if t.qn = '' then
    if walk_rows > 0 then
      -- The owner's newest files, index-only, tested against the filters.
      return format($sql$
        select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'updated_at', p.updated_at, 'bucket', 0, 'score', 0)
          order by p.updated_at desc, p.id desc), '[]')
        from (select f.id, f.updated_at
              from (select f.id, f.updated_at, f.name, f.trashed_at, f.type_group, f.mime_type, f.size, f.folder_id, f.tag_ids
                    from app.files f where %1$s and %2$s order by f.updated_at desc, f.id desc limit %3$s) f
              where true%4$s order by f.updated_at desc, f.id desc limit %5$s) p
      $sql$, app.search_owner_test(owner, filters, false), keyset, walk_rows, rest, page_size);
    end if;
    -- walk_rows = 0: every file the filters select through their index (`offset 0`), then sorted;
    -- walk_rows < 0: the planner's choice (an index that orders the files by date).
    return format($sql$
      select coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'updated_at', f.updated_at, 'bucket', 0, 'score', 0)
        order by f.updated_at desc, f.id desc), '[]')
      from (select * from (select f.id, f.updated_at from app.files f where %1$s%2$s and %3$s %4$s) f
            order by f.updated_at desc, f.id desc limit %5$s) f
    $sql$, app.search_owner_test(owner, filters, walk_rows = 0 and rest like '%f.tag_ids @>%'), rest, keyset,
      case when walk_rows = 0 then 'offset 0' else 'order by f.updated_at desc, f.id desc limit ' || page_size end, page_size);
  end if;

  if walk_rows > 0 then
    -- The test of each walked file, cheapest part first. Buckets 1 to 3
    -- read the name only: it starts with the query (1), contains it (3, the
    -- same files as its trigram keys and ILIKE), or (2) holds every query
    -- word or a non-ASCII character (folding maps those to other letters),
    -- so that every name whose words start with the query words passes, and
    -- the file's name-word keys, read by primary key for those few rows,
    -- decide. Bucket 4 reads each file's word keys from the table.
    lookup := format('coalesce((select n.search_words @@ %L::tsquery from app.files n where n.id = f.id), false)', t.names);
    -- Each test is a CASE so that it runs in this order (the planner would
    -- reorder the parts of an AND by its own cost estimates).
    hit := case bucket
      -- lower() maps character to character: the name's first characters are enough.
      when 1 then format('case when lower(left(f.name, %s)) = %L then true%s and not %s else false end',
        char_length(t.qn), t.qn, rest, conds[1])
      when 2 then format('case when (%s or octet_length(f.name) <> char_length(f.name))%s and not (%s or %s) then %s else false end',
        (select string_agg(format('strpos(lower(f.name), %L) > 0', w), ' and ') from unnest(t.qwords) w),
        rest, conds[1], conds[2], lookup)
      when 3 then format('case when strpos(lower(f.name), %L) > 0%s and not (%s or %s) then not %s else false end',
        t.qn, rest, conds[1], conds[2], lookup)
      else format('case when %s%s then not (%s) else false end', conds[5], rest, array_to_string(array_remove(conds[1:4], null), ' or '))
    end;
    return format($sql$
      select coalesce(jsonb_agg(jsonb_build_object('id', p.id, 'updated_at', p.updated_at, 'bucket', %1$s, 'score', 0)
        order by p.updated_at desc, p.id desc), '[]')
      from (select f.id, f.updated_at
            from (select %2$s from app.files f where %3$s and %4$s order by f.updated_at desc, f.id desc limit %5$s) f
            where %6$s order by f.updated_at desc, f.id desc limit %7$s) p
    $sql$, bucket,
      case when bucket = 4 then 'f.*'
        else 'f.id, f.updated_at, f.name, f.trashed_at, f.type_group, f.mime_type, f.size, f.folder_id, f.tag_ids' end,
      app.search_owner_test(owner, filters, false), keyset, walk_rows, hit, page_size);
  end if;

  for b in 0 .. bucket - 1 loop
    if conds[b + 1] is not null then
      earlier := earlier || ' or ' || conds[b + 1];
    end if;
  end loop;
  -- `offset 0` keeps the ORDER BY ... LIMIT out of the scan: every match through the index, then the sort.
  return format($sql$
    select coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'updated_at', f.updated_at, 'bucket', %1$s, 'score', f.score)
      order by f.score desc, f.updated_at desc, f.id desc), '[]')
    from (select * from (select f.id, f.updated_at, %2$s as score from app.files f where %3$s%4$s and %5$s and not (%6$s) and %7$s
                         offset 0) f
          order by score desc, updated_at desc, id desc limit %8$s) f
  $sql$, bucket,
    case when bucket = 5 then (app.search_near_arm(t))[2] else '0::real' end,
    app.search_owner_test(owner, filters, bucket >= 2), rest, conds[bucket + 1], earlier, keyset, page_size);
end
$function$;
grant execute on function app.search_bucket_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer, walk_rows integer, cursor jsonb, page_size integer) to authenticated;
grant execute on function app.search_bucket_sql(owner uuid, t app.search_terms, fuzzy boolean, filters text[], bucket integer, walk_rows integer, cursor jsonb, page_size integer) to service_role;
