/*
 * Search indexes without owner_id, and search_files volatile.
 *
 * Measured on 1,000,000 files (bench/search): GIN indexes that lead with
 * owner_id (btree_gin) make every text arm read the owner's whole posting
 * list (200,000 entries for a heavy user), so the planner scanned the owner
 * key alone and filtered 200,000 rows (p50 360 ms). Trigram and tsvector
 * GINs on their own column give posting lists the planner can OR in a
 * bitmap. (Not yet enough for the heavy user: see issue 8's bench notes.)
 *
 * search_files runs EXPLAIN for its total estimate, which Postgres allows
 * only in a volatile function (RPC callers POST either way).
 */
drop index app.files_search_name_trgm;
drop index app.files_search_vector;
create index files_search_name_trgm on app.files using gin (name extensions.gin_trgm_ops);
create index files_search_vector on app.files using gin (search_vector);

alter function api.search_files(text, text[], text, text, timestamptz, timestamptz, bigint, bigint, uuid, boolean, boolean, text, integer) volatile;
