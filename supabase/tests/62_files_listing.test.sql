-- Listing a folder reads only that folder's live files, in name order, on
-- files_listing (files_listing_root for the root): for the owner of a big drive too. The queries are those the
-- gateway sends for the web's listing (api.files as the signed-in owner, on
-- the generic plan the gateway uses for reads).
begin;
select plan(6);

select tests.generate_search_data(20000, 10, 8000);
select tests.search_user_id(1) as me \gset
select folder_id as folder from app.files where owner_id = :'me' and folder_id is not null
  group by folder_id order by count(*) desc limit 1 \gset

/* The plan of `query` as JSON text, planned generic as the gateway plans reads. */
create function pg_temp.plan_of(query text, arg uuid) returns text language plpgsql as $$
declare
  plan json;
begin
  set local plan_cache_mode = force_generic_plan;
  execute 'prepare listing(uuid) as ' || query;
  execute format('explain (format json) execute listing(%L)', arg) into plan;
  deallocate listing;
  reset plan_cache_mode;
  return plan::text;
end
$$;
grant execute on function pg_temp.plan_of(text, uuid) to authenticated;

select tests.authenticate_as_role('authenticated', jsonb_build_object('sub', :'me'));

select pg_temp.plan_of($$
  select t0.id, t0.name from api.files as t0
  where t0.trashed_at is null and t0.folder_id is null and $1 is not null
  order by t0.name limit 1000 $$, :'me') as root_plan \gset
select ok(:'root_plan' ~ '"Index Name": "files_listing_root"', 'the root is listed from files_listing_root');
select ok(:'root_plan' !~ '"Node Type": "Sort"', 'in name order, with no sort');
select ok(:'root_plan' !~ '"Node Type": "Seq Scan"', 'and no sequential scan');

select pg_temp.plan_of($$
  select t0.id, t0.name from api.files as t0
  where t0.trashed_at is null and t0.folder_id = $1
  order by t0.name limit 1000 $$, :'folder') as folder_plan \gset
select ok(:'folder_plan' ~ '"Index Name": "files_listing"', 'a folder is listed from files_listing');
select ok(:'folder_plan' !~ '"Node Type": "(Sort|BitmapAnd)"', 'in name order, without ANDing the owner''s every file');

select is(
  (select array_agg(name order by name) from api.files where trashed_at is null and folder_id = :'folder'),
  (select array_agg(name order by name) from app.files where owner_id = :'me' and trashed_at is null and folder_id = :'folder'),
  'the listing still holds every live file of the folder'
);
select tests.clear_authentication();

select * from finish();
rollback;
