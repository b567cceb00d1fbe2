-- Which locks cover a path is SQL's answer alone (api.dav_locks_covering),
-- for the names whose case JavaScript and Postgres fold differently ('ß',
-- 'İ', a final sigma, the Kelvin sign) and for names holding LIKE's
-- wildcards ('_', '%'). Another user sees none of Dee's locks.
begin;
select plan(13);

select tests.create_user('dlc-dee@example.com', 'Dee') as dee \gset
select tests.create_user('dlc-eve@example.com', 'Eve') as eve \gset

create function pg_temp.covered(p text) returns boolean language sql as $$
  select exists (select from api.dav_locks_covering(array[p]) c where c.path = p)
$$;
grant execute on function pg_temp.covered(text) to authenticated;

select tests.authenticate_as(:'dee');
select token as sz from api.dav_lock('/Straße.txt', '0') \gset
select token as idot from api.dav_lock('/İstanbul.txt', '0') \gset
select token as sigma from api.dav_lock('/ΟΔΟΣ', 'infinity') \gset
select token as kelvin from api.dav_lock('/' || U&'\212A' || 'elvin.txt', '0') \gset
select token as under from api.dav_lock('/a_b', 'infinity') \gset
select token as pct from api.dav_lock('/ab/c.txt', '0') \gset

select ok(pg_temp.covered('/Straße.txt'), 'a lock on a name with ß covers that name');
select ok(pg_temp.covered('/İstanbul.txt'), 'a lock on a name with İ covers that name');
select ok(pg_temp.covered('/ΟΔΟΣ') and pg_temp.covered('/ΟΔΟΣ/inside.txt'),
  'an infinity lock on a name ending in a capital sigma covers it and what is inside');
select ok(pg_temp.covered('/' || U&'\212A' || 'elvin.txt'), 'a lock on a name with the Kelvin sign covers that name');
select is((select array_agg(c.path order by c.path collate "C") from api.dav_locks_covering(array['/Straße.txt', '/Other.txt', '/ΟΔΟΣ/a/b']) c),
  array['/Straße.txt', '/ΟΔΟΣ/a/b'], 'one call answers for every path of a listing, and only for covered ones');
select is((select c.token from api.dav_locks_covering(array['/ΟΔΟΣ/a/b']) c), :'sigma'::uuid,
  'naming the covering lock');
select ok(pg_temp.covered('/a_b/c'), 'an infinity lock on a_b covers what is inside a_b');
select ok(not pg_temp.covered('/axb/c'), 'but not what is inside axb: _ is a character, not a wildcard');
select is((select count(*)::int from api.dav_locks_on('/a%', true)), 0, 'locks below a% are only those below that very name');
select api.dav_drop_locks('/a%');
select ok(exists (select from api.dav_locks_on('/ab/c.txt')), 'dropping the locks below a% leaves the lock on ab/c.txt');
select api.dav_drop_locks('/a_b');
select ok(not pg_temp.covered('/a_b/c'), 'dropping a_b drops its lock');

select tests.clear_authentication();
select tests.authenticate_as(:'eve');
select is((select count(*)::int from api.dav_locks_covering(array['/Straße.txt', '/ΟΔΟΣ/x'])), 0,
  'another user''s paths are not covered by Dee''s locks');
select tests.clear_authentication();
select tests.authenticate_as_role('anon');
select throws_ok($$select * from api.dav_locks_covering(array['/x'])$$, '42501', null, 'anon cannot ask');

select * from finish();
rollback;
