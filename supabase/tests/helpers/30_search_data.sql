-- Generates a realistic drive for search tests and for bench/search: users,
-- nested folders, per-user tags and files with names people actually have
-- (IMG_20230412_0042.jpg, Quarterly report 2023.docx, userService.ts...),
-- MIME types, sizes, dates, descriptions, tags and some text content.
-- Loaded by the pgTAP runner (helpers) and by bench/search.

create schema if not exists tests;

/*
 * tests.generate_search_data(total_files, user_count, heavy_files): user 1
 * (tests.search_user_id(1)) owns heavy_files of them, the others share the
 * rest. Deterministic user ids; everything else random. Returns the number
 * of files created. Runs as a superuser: it loads in bulk with the search
 * triggers off, computing the same columns with the same functions, and
 * rebuilds the search indexes once at the end.
 */
create or replace function tests.search_user_id(n integer)
returns uuid
language sql
immutable
as $$
  select ('00000000-5ea7-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid
$$;

create or replace function tests.generate_search_data(total_files integer, user_count integer, heavy_files integer)
returns bigint
language plpgsql
as $$
declare
  doc_words text[] := array['report', 'budget', 'invoice', 'contract', 'proposal', 'meeting', 'notes', 'agenda',
    'summary', 'plan', 'roadmap', 'strategy', 'review', 'analysis', 'forecast', 'minutes', 'resume', 'letter',
    'draft', 'final', 'design', 'spec', 'requirements', 'onboarding', 'handbook', 'policy', 'timesheet',
    'expenses', 'receipt', 'statement', 'quarterly', 'annual', 'monthly', 'weekly', 'project', 'client',
    'marketing', 'sales', 'research', 'thesis', 'chapter', 'lecture', 'homework', 'syllabus', 'recipe',
    'itinerary', 'travel', 'insurance', 'mortgage', 'lease', 'tax', 'payroll', 'inventory', 'schedule',
    'checklist', 'feedback', 'survey', 'newsletter', 'pricing', 'partnership', 'hiring', 'interview',
    'benchmark', 'architecture', 'security', 'audit', 'compliance', 'training', 'workshop', 'launch'];
  clients text[] := array['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka',
    'contoso', 'fabrikam', 'northwind', 'tailspin', 'litware', 'adventure', 'blueyonder'];
  photo_words text[] := array['beach', 'sunset', 'birthday', 'wedding', 'vacation', 'hiking', 'family', 'party',
    'garden', 'concert', 'snow', 'mountain', 'city', 'dog', 'cat', 'kids', 'graduation', 'christmas', 'lake',
    'roadtrip', 'picnic', 'museum', 'skiing', 'camping', 'festival', 'portrait', 'skyline', 'harbor'];
  code_words text[] := array['user', 'auth', 'config', 'main', 'index', 'utils', 'helpers', 'database', 'router',
    'schema', 'migration', 'test', 'api', 'client', 'server', 'logger', 'cache', 'queue', 'worker', 'parser',
    'session', 'payment', 'search', 'upload', 'notification', 'service', 'controller', 'model', 'view'];
  code_exts text[] := array['.ts', '.py', '.go', '.sql', '.json', '.js', '.rs', '.java', '.md', '.yaml'];
  code_mimes text[] := array['text/x-typescript', 'text/x-python', 'text/x-go', 'application/sql', 'application/json',
    'text/javascript', 'text/x-rust', 'text/x-java', 'text/markdown', 'application/yaml'];
  tag_vocab text[] := array['work', 'personal', 'finance', 'tax 2023', 'tax 2024', 'family', 'travel', 'important',
    'archive', 'todo', 'project alpha', 'project beta', 'clients', 'receipts', 'photos', 'school', 'health',
    'home', 'car', 'legal', 'drafts', 'shared', 'reference', 'ideas', 'recipes', 'music', 'videos', 'code',
    'design', 'hr', 'marketing', 'sales', 'q1', 'q2', 'q3', 'q4', 'urgent', 'review', 'signed', 'scanned',
    'holiday', 'wedding', 'kids', 'garden', 'insurance', 'bank', 'invoices', 'contracts', 'research', 'thesis',
    'conference', 'training', 'security', 'backup', 'old', 'favorites', 'inbox', 'later', 'done', 'misc'];
  created bigint;
  index_defs text[];
  def text;
begin
  perform set_config('maintenance_work_mem', '256MB', true);
  perform setseed(0.42);

  create temporary table gen_users on commit drop as
  select n, tests.search_user_id(n) as id,
         case when n = 1 then heavy_files
              else ((total_files - heavy_files) / greatest(user_count - 1, 1))::integer end as n_files
  from generate_series(1, user_count) n;

  insert into app.users (id, email, password_hash, name)
  select id, format('search-user-%s@example.com', n), 'not-a-password', format('Search user %s', n) from gen_users;

  -- Each user has 30 tags (the heavy user all 60), at a rotating offset.
  insert into app.tags (owner_id, name)
  select u.id, tag_vocab[1 + ((u.n * 7 + k) % cardinality(tag_vocab))]
  from gen_users u, generate_series(0, case when u.n = 1 then cardinality(tag_vocab) - 1 else 29 end) k;

  create temporary table gen_tags on commit drop as
  select owner_id, array_agg(id order by name) as ids, array_agg(name order by name) as names
  from app.tags where owner_id in (select id from gen_users) group by owner_id;

  -- One folder per ~100 files, nested: most have an earlier folder as parent.
  insert into app.folders (id, owner_id, parent_id, name)
  select md5(u.id::text || '/' || k)::uuid, u.id,
         case when k > 0 and random() < 0.7 then md5(u.id::text || '/' || floor(random() * k)::integer)::uuid end,
         initcap(doc_words[1 + floor(random() * cardinality(doc_words))::integer]) || ' ' || k
  from gen_users u, generate_series(0, greatest(u.n_files / 100, 3) - 1) k;

  -- Bulk load: drop the non-unique indexes of app.files, build them once after.
  select array_agg(pg_get_indexdef(i.indexrelid)) into index_defs
  from pg_index i where i.indrelid = 'app.files'::regclass and not i.indisunique;
  for def in select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid
             where i.indrelid = 'app.files'::regclass and not i.indisunique loop
    execute format('drop index app.%I', def);
  end loop;
  alter table app.files disable trigger files_tsvector;
  alter table app.file_tags disable trigger file_tags_refresh_insert;

  insert into app.files (owner_id, folder_id, name, mime_type, size, sha256, description, created_at, updated_at,
                         trashed_at, type_group, tag_ids, search_vector)
  select owner_id, folder_id, name, mime, size, null, description, created_at, updated_at, trashed_at,
         app.type_group_of(mime), tag_ids,
         app.file_search_vector(name, tag_names, description, null)
  from (
    select g.*,
      case kind
        when 'image' then case when r2 < 0.5 then 'image/jpeg' when r2 < 0.75 then 'image/png' else 'image/jpeg' end
        when 'document' then case when r2 < 0.4 then 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
                                  when r2 < 0.7 then 'text/markdown' else 'text/plain' end
        when 'pdf' then 'application/pdf'
        when 'spreadsheet' then case when r2 < 0.6 then 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' else 'text/csv' end
        when 'presentation' then 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
        when 'code' then code_mimes[1 + (ci % cardinality(code_mimes))]
        when 'video' then case when r2 < 0.7 then 'video/mp4' else 'video/quicktime' end
        when 'audio' then case when r2 < 0.6 then 'audio/mpeg' else 'audio/mp4' end
        when 'archive' then case when r2 < 0.7 then 'application/zip' else 'application/gzip' end
        else 'application/octet-stream'
      end as mime,
      case kind
        when 'image' then case
          when r2 < 0.5 then 'IMG_' || to_char(updated_at, 'YYYYMMDD') || '_' || lpad((n % 10000)::text, 4, '0') || '.jpg'
          when r2 < 0.75 then 'Screenshot ' || to_char(updated_at, 'YYYY-MM-DD') || ' at ' || to_char(updated_at, 'HH24.MI.SS') || '.png'
          else p1 || '_' || p2 || '_' || n || '.jpg' end
        when 'document' then case
          when r2 < 0.4 then initcap(w1) || ' ' || w2 || ' ' || extract(year from updated_at) || ' v' || (n % 20) || '.docx'
          when r2 < 0.7 then w1 || initcap(w2) || '_' || c1 || '_' || n || '.md'
          else w1 || '-' || w2 || '-' || n || '.txt' end
        when 'pdf' then case
          when r2 < 0.5 then 'Invoice-' || initcap(c1) || '-' || lpad(n::text, 5, '0') || '.pdf'
          else w1 || '_' || w2 || '_' || extract(year from updated_at) || '_' || n || '.pdf' end
        when 'spreadsheet' then case
          when r2 < 0.6 then w1 || '_' || extract(year from updated_at) || '_Q' || extract(quarter from updated_at) || '_' || n || '.xlsx'
          else w1 || '-' || lower(to_char(updated_at, 'Month')) || '-' || n || '.csv' end
        when 'presentation' then initcap(w1) || ' ' || initcap(c1) || ' deck v' || n || '.pptx'
        when 'code' then code_words[1 + floor(r3 * cardinality(code_words))::integer]
          || initcap(code_words[1 + floor(r4 * cardinality(code_words))::integer]) || n || code_exts[1 + (ci % cardinality(code_exts))]
        when 'video' then case
          when r2 < 0.7 then 'VID_' || to_char(updated_at, 'YYYYMMDD') || '_' || n || '.mp4'
          else p1 || '-' || extract(year from updated_at) || '-' || n || '.mov' end
        when 'audio' then case
          when r2 < 0.6 then 'podcast_episode_' || n || '.mp3'
          else 'voice memo ' || to_char(updated_at, 'YYYY-MM-DD') || ' ' || n || '.m4a' end
        when 'archive' then case
          when r2 < 0.7 then 'backup-' || to_char(updated_at, 'YYYY-MM-DD') || '-' || n || '.zip'
          else w1 || '_export_' || n || '.tar.gz' end
        else w1 || '_' || n || '.bin'
      end as name,
      case when r4 < 0.15 then initcap(w2) || ' for ' || initcap(c1) || ': ' || w1 || ' and ' || p1 || ' notes' end as description,
      (select string_agg(t.names[k], ' ') from gen_tags t, unnest(tag_idx) k where t.owner_id = g.owner_id) as tag_names,
      coalesce((select array_agg(distinct t.ids[k] order by t.ids[k]) from gen_tags t, unnest(tag_idx) k where t.owner_id = g.owner_id), '{}') as tag_ids
    from (
      select u.id as owner_id, s.n,
        case when r < 0.35 then 'image' when r < 0.50 then 'document' when r < 0.60 then 'pdf'
             when r < 0.68 then 'spreadsheet' when r < 0.72 then 'presentation' when r < 0.82 then 'code'
             when r < 0.87 then 'video' when r < 0.92 then 'audio' when r < 0.96 then 'archive' else 'other' end as kind,
        r2, r3, r4, floor(r3 * 1000)::integer as ci,
        doc_words[1 + floor(r3 * cardinality(doc_words))::integer] as w1,
        doc_words[1 + floor(r4 * cardinality(doc_words))::integer] as w2,
        clients[1 + floor(r2 * cardinality(clients))::integer] as c1,
        photo_words[1 + floor(r3 * cardinality(photo_words))::integer] as p1,
        photo_words[1 + floor(r4 * cardinality(photo_words))::integer] as p2,
        case when r5 < 0.8 then md5(u.id::text || '/' || floor(r5 / 0.8 * greatest(u.n_files / 100, 3))::integer)::uuid end as folder_id,
        (exp(r6 * 14) * 50)::bigint as size,
        now() - (r7 * interval '1800 days') - interval '1 hour' as created_at,
        now() - (r7 * r3 * interval '1800 days') as updated_at,
        case when r8 < 0.02 then now() - r8 * interval '1000 days' end as trashed_at,
        case when r8 < 0.4 then '{}'::integer[]
             when r8 < 0.7 then array[1 + floor(r2 * r2 * 30)::integer]
             when r8 < 0.9 then array[1 + floor(r2 * r2 * 30)::integer, 1 + floor(r3 * 30)::integer]
             else array[1 + floor(r2 * r2 * 30)::integer, 1 + floor(r3 * 30)::integer, 1 + floor(r4 * r4 * 30)::integer] end as tag_idx
      from gen_users u
      cross join lateral generate_series(1, u.n_files) s(n)
      cross join lateral (
        select random() + 0 * s.n as r, random() as r2, random() as r3, random() as r4, random() as r5,
               random() as r6, random() as r7, random() as r8
      ) rnd
    ) g
  ) f
  on conflict do nothing;
  get diagnostics created = row_count;

  insert into app.file_tags (file_id, tag_id, owner_id)
  select f.id, t, f.owner_id from app.files f, unnest(f.tag_ids) t
  where f.owner_id in (select id from gen_users);

  -- ALTER TABLE refuses to run with queued constraint checks: run them now.
  set constraints all immediate;
  alter table app.files enable trigger files_tsvector;
  alter table app.file_tags enable trigger file_tags_refresh_insert;
  foreach def in array coalesce(index_defs, '{}') loop
    execute def;
  end loop;

  -- Text content for one text-like file in ten (the trigger indexes it).
  insert into app.file_contents (file_id, owner_id, content)
  select f.id, f.owner_id,
         'Meeting with ' || split_part(f.name, '_', 1) || ' about the ' || doc_words[1 + (abs(hashtext(f.id::text)) % cardinality(doc_words))]
         || ' and the ' || photo_words[1 + (abs(hashtext(f.name)) % cardinality(photo_words))] || ' plan. Action items follow.'
  from app.files f
  where f.owner_id in (select id from gen_users) and app.type_has_text(f.mime_type) and random() < 0.1;

  analyze app.users;
  analyze app.folders;
  analyze app.files;
  analyze app.tags;
  analyze app.file_tags;
  if to_regclass('app.owner_name_words') is not null then
    analyze app.owner_name_words;
  end if;
  return created;
end
$$;
