-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.search_newest(filters text[], cursor jsonb, page_size integer, OUT total bigint, OUT rows jsonb, OUT sample jsonb)
 RETURNS record
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
 SET enable_seqscan TO 'off'
 SET enable_bitmapscan TO 'off'
 SET enable_sort TO 'off'
AS $function$
begin
  execute app.search_newest_sql(filters, cursor, page_size) into total, rows, sample;
end
$function$;
grant execute on function app.search_newest(filters text[], cursor jsonb, page_size integer, OUT total bigint, OUT rows jsonb, OUT sample jsonb) to authenticated;
grant execute on function app.search_newest(filters text[], cursor jsonb, page_size integer, OUT total bigint, OUT rows jsonb, OUT sample jsonb) to service_role;
comment on function app.search_newest(filters text[], cursor jsonb, page_size integer, OUT total bigint, OUT rows jsonb, OUT sample jsonb) is 'Search phase 1 for tags alone on a tag many of the owner''s files carry: the newest 1001 matches, walking the owner''s index.';
