-- Objects the gateway's tests read and write: authors, books, labels (many-to-many
-- through book_labels), views in api over tables in their own schema, and functions.
-- Idempotent: dropped first, so a rerun on the same database starts clean.
drop schema if exists gw_app cascade;
do $$
declare r record;
begin
  for r in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'api' and c.relname like 'gw\_%' and c.relkind = 'v' loop
    execute format('drop view if exists api.%I cascade', r.relname);
  end loop;
  for r in select p.oid::regprocedure as f from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'api' and p.proname like 'gw\_%' loop
    execute 'drop function ' || r.f;
  end loop;
end
$$;

create schema gw_app;
grant usage on schema gw_app to anon, authenticated;
create table gw_app.gw_authors (id serial primary key, name text not null unique);
create table gw_app.gw_books (
  id serial primary key,
  title text not null,
  author_id int references gw_app.gw_authors (id),
  data jsonb,
  tags text[],
  published date,
  body text
);
create table gw_app.gw_labels (id serial primary key, name text unique);
create table gw_app.gw_book_labels (
  book_id int references gw_app.gw_books (id) on delete cascade,
  label_id int references gw_app.gw_labels (id),
  primary key (book_id, label_id)
);
create table gw_app.gw_notes (
  id int primary key,
  title text not null,
  status text not null default 'draft',
  author_id int references gw_app.gw_authors (id)
);
create view api.gw_authors with (security_invoker = true) as select * from gw_app.gw_authors;
create view api.gw_books with (security_invoker = true) as select * from gw_app.gw_books;
create view api.gw_labels with (security_invoker = true) as select * from gw_app.gw_labels;
create view api.gw_book_labels with (security_invoker = true) as select * from gw_app.gw_book_labels;
create view api.gw_notes with (security_invoker = true) as select * from gw_app.gw_notes;
comment on view api.gw_books is 'Books, for the gateway tests.';
comment on column api.gw_books.title is 'The title as printed.';
grant select, insert, update, delete on all tables in schema gw_app to anon, authenticated;
grant select, insert, update, delete on api.gw_authors, api.gw_books, api.gw_labels, api.gw_book_labels,
  api.gw_notes to anon, authenticated;
grant usage on all sequences in schema gw_app to anon, authenticated;

insert into gw_app.gw_authors (name) values ('Ann'), ('Bob'), ('Cy');
insert into gw_app.gw_books (title, author_id, data, tags, published, body) values
  ('A1', 1, '{"a": {"b": 1}}', '{x,y}', '2020-01-01', 'the quick brown fox'),
  ('A2', 1, '{"a": {"b": 2}}', '{y}', '2021-01-01', 'lazy dogs sleep'),
  ('B1', 2, null, '{}', null, null);
insert into gw_app.gw_notes values (1, 'n1', 'done', 2), (2, 'n2', 'draft', 1), (3, 'n3', 'draft', null);
insert into gw_app.gw_labels (name) values ('red'), ('blue');
insert into gw_app.gw_book_labels values (1, 1), (1, 2), (3, 2);

create function api.gw_add(a int, b int default 1) returns int language sql immutable as $$ select a + b $$;
comment on function api.gw_add is 'Adds two numbers.';
create function api.gw_books_by(author text) returns setof api.gw_books language sql stable
as $$ select b.* from api.gw_books b join api.gw_authors a on a.id = b.author_id where a.name = author $$;
create function api.gw_void() returns void language sql as $$ select $$;
create function api.gw_fail() returns int language plpgsql
as $$ begin raise exception using errcode = 'P0001', message = 'nope', detail = 'the detail', hint = 'the hint'; end $$;
create function api.gw_teapot() returns int language plpgsql
as $$ begin raise exception using errcode = 'PT418', message = 'short and stout'; end $$;
create function api.gw_echo(json) returns json language sql immutable as $$ select $1 $$;
create function api.gw_sleep(seconds float8) returns int language sql as $$ select 1 from pg_sleep(seconds) $$;
create function api.gw_whoami() returns json language sql stable
as $$ select json_build_object('role', current_user, 'sub', current_setting('request.jwt.claims', true)::json->>'sub',
  'method', current_setting('request.method', true), 'path', current_setting('request.path', true),
  'ip', current_setting('request.headers', true)::json->>'x-client-ip',
  'cookie', current_setting('request.cookies', true)::json->>'c',
  'timeout', current_setting('statement_timeout')) $$;
create function api.gw_request_id() returns text language sql stable
as $$ select current_setting('request.headers', true)::json->>'x-request-id' $$;
create function api.gw_created() returns int language plpgsql
as $$ begin
  perform set_config('response.status', '202', true);
  perform set_config('response.headers', '[{"x-made-by": "sql"}, {"cache-control": "no-store"}]', true);
  return 1;
end $$;
create function api.gw_pair(out x int, out y text) returns record language sql immutable as $$ select 1, 'one' $$;
create function api.gw_pre_request() returns void language plpgsql
as $$ begin
  if current_setting('request.headers', true)::json->>'x-block' = 'yes' then
    raise exception using errcode = 'PT401', message = 'blocked by pre-request';
  end if;
end $$;
grant execute on function api.gw_add, api.gw_books_by, api.gw_void, api.gw_fail, api.gw_teapot, api.gw_echo,
  api.gw_sleep, api.gw_whoami, api.gw_request_id, api.gw_created, api.gw_pair, api.gw_pre_request to anon, authenticated;

-- Bodies other than JSON: a single unnamed text, xml or bytea parameter takes the raw body.
create function api.gw_text(text) returns text language sql immutable as $$ select 'text:' || $1 $$;
create function api.gw_xml(xml) returns text language sql immutable as $$ select 'xml:' || $1::text $$;
create function api.gw_bytes(bytea) returns text language sql immutable as $$ select encode($1, 'hex') $$;
create function api.gw_tagged(tags text[]) returns int language sql immutable as $$ select cardinality(tags) $$;
-- Errors a client must never see the internals of, and transient conflicts the gateway retries.
create function api.gw_internal() returns int language plpgsql
as $$ begin
  raise exception using errcode = 'XX000', message = 'internal trouble', detail = 'pid 4242 at 0x7f00', hint = 'Increase max_stack_depth';
end $$;
create sequence gw_app.gw_attempts;
create function api.gw_conflict(fails int, code text default '40001') returns bigint language plpgsql
as $$
declare n bigint := nextval('gw_app.gw_attempts');
begin
  -- A sequence is not rolled back: it counts every attempt, retried or not.
  if n <= fails then
    raise exception using errcode = code, message = 'could not serialize access due to concurrent update',
      detail = 'Process 4242 waits for ShareLock on transaction 77; blocked by process 4243.', hint = 'See server log for query details.';
  end if;
  return n;
end $$;
create table gw_app.gw_counters (id int primary key, n int not null default 0);
insert into gw_app.gw_counters values (1, 0), (2, 0);
create function api.gw_bump_both(first int, second int) returns int language plpgsql
as $$ begin
  update gw_app.gw_counters set n = n + 1 where id = first;
  perform pg_sleep(0.3);
  update gw_app.gw_counters set n = n + 1 where id = second;
  return 1;
end $$;
grant usage on sequence gw_app.gw_attempts to anon, authenticated;
grant select, update on gw_app.gw_counters to anon, authenticated;
grant execute on function api.gw_text, api.gw_xml, api.gw_bytes, api.gw_tagged, api.gw_internal, api.gw_conflict,
  api.gw_bump_both to anon, authenticated;
notify pgrst, 'reload schema';

-- PostgREST conformance (rest/*_test.ts beyond the basics): a volatile set-returning function.
create function api.gw_retitle(status_is text, new_title text) returns setof api.gw_notes language sql
as $$ update api.gw_notes set title = new_title where status = status_is returning * $$;
grant execute on function api.gw_retitle to anon, authenticated;
notify pgrst, 'reload schema';

-- One-to-one (a foreign key that is also the key), a self-reference, and functions over a row:
-- a computed relationship (books of an author) and a computed field (a book's title, shouted).
create table gw_app.gw_profiles (author_id int primary key references gw_app.gw_authors (id), bio text);
create table gw_app.gw_folders (id int primary key, parent_id int references gw_app.gw_folders (id), name text not null);
create view api.gw_profiles with (security_invoker = true) as select * from gw_app.gw_profiles;
create view api.gw_folders with (security_invoker = true) as select * from gw_app.gw_folders;
grant select on gw_app.gw_profiles, gw_app.gw_folders, api.gw_profiles, api.gw_folders to anon, authenticated;
insert into gw_app.gw_profiles values (1, 'writes A'), (2, 'writes B');
insert into gw_app.gw_folders values (1, null, 'root'), (2, 1, 'docs'), (3, 1, 'pics');
create function api.gw_written(api.gw_authors) returns setof api.gw_books language sql stable
as $$ select * from api.gw_books where author_id = $1.id $$;
create function api.gw_first_book(api.gw_authors) returns setof api.gw_books language sql stable rows 1
as $$ select * from api.gw_books where author_id = $1.id order by id limit 1 $$;
create function api.gw_shout(api.gw_books) returns text language sql stable as $$ select upper($1.title) $$;
grant execute on function api.gw_written, api.gw_first_book, api.gw_shout to anon, authenticated;
notify pgrst, 'reload schema';

-- Overloads PostgREST tells apart: an unnamed text parameter is callable, an unnamed int is not;
-- a function without parameters beside one whose only parameter has a default is ambiguous.
create function api.gw_over(text) returns text language sql immutable as $$ select 'text:' || $1 $$;
create function api.gw_over(int) returns text language sql immutable as $$ select 'int:' || $1 $$;
create function api.gw_opt() returns text language sql immutable as $$ select 'none' $$;
create function api.gw_opt(text default 'x') returns text language sql immutable as $$ select 'one:' || $1 $$;
grant execute on function api.gw_over(text), api.gw_over(int), api.gw_opt(), api.gw_opt(text) to anon, authenticated;
notify pgrst, 'reload schema';
