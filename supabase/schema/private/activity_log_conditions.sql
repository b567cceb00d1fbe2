-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.activity_log_conditions(actor_id uuid, target_type text, target_id text, since timestamp with time zone, until timestamp with time zone, ip text, q text, before text)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  conds text[] := '{}';
  address inet;
  pos record;
  words tsquery;
begin
  if length(target_type) > 64 or length(target_id) > 256 then
    raise exception using errcode = 'PT400', message = 'target_type is at most 64 characters and target_id at most 256';
  end if;
  if length(q) > 200 then
    raise exception using errcode = 'PT400', message = 'q is at most 200 characters';
  end if;
  if since is not null and until is not null and since > until then
    raise exception using errcode = 'PT400', message = 'since must not be after until';
  end if;
  if actor_id is not null then
    conds := conds || format('l.actor_id = %L::uuid', actor_id);
  end if;
  if target_type is not null then
    conds := conds || format('l.target_type = %L', target_type);
  end if;
  if target_id is not null then
    conds := conds || format('l.target_id = %L', target_id);
  end if;
  if since is not null then
    conds := conds || format('l.created_at >= %L::timestamptz', since);
  end if;
  if until is not null then
    conds := conds || format('l.created_at < %L::timestamptz', until);
  end if;
  if nullif(btrim(ip), '') is not null then
    begin
      address := btrim(ip)::inet;
    exception
      when others then
        raise exception using errcode = 'PT400', message = 'ip is an address (203.0.113.7) or a network (203.0.113.0/24)';
    end;
    if position('/' in ip) > 0 then
      conds := conds || format('l.client_ip <<= %L::inet', address);
    else
      conds := conds || format('l.client_ip = %L::inet', address);
    end if;
  end if;
  if nullif(btrim(q), '') is not null then
    words := private.activity_log_rare_word(q);
    if words is not null then
      -- Drive from the rare word: an initplan reads its few rows from the words
      -- index (strpos, which the trigram index cannot serve, keeps the planner
      -- from adding the trigram index's long posting lists); the ilike is the rule.
      conds := conds || format('l.id = any(array(select w.id from app.activity_log w '
        'where app.meta_words(w.meta) @@ %L::tsquery and strpos(lower(w.meta::text), %L) > 0))',
        words, lower(btrim(q)));
    end if;
    conds := conds || format('l.meta::text ilike %L', '%' || app.like_escape(btrim(q)) || '%');
  end if;
  if before is not null then
    select k.created_at, k.id into pos from private.keyset_position(before) k;
    if pos.id !~ '^[0-9]{1,19}$' then
      raise exception using errcode = 'PT400', message = 'This cursor is not one a page answered';
    end if;
    conds := conds || format('(l.created_at, l.id) < (%L::timestamptz, %s::bigint)', pos.created_at, pos.id);
  end if;
  return coalesce(nullif(array_to_string(conds, ' and '), ''), 'true');
end
$function$;
