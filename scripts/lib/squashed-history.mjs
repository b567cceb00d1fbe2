// The migrations of 2026-11-23 were squashed into the 20261201000000 to
// 20261201003300 files: one file per concern, each object defined once. A
// database migrated before the squash carries the old versions in
// supabase_migrations.schema_migrations. When its catalog is the one the
// squashed files build, the runner records those files as applied and
// forgets the old versions (what `supabase migration repair` does on a
// hosted project), so it goes on with the migrations after the squash.
import postgres from 'postgres';
import { catalogPicture, diffPictures } from './catalog.mjs';

/** The last file of the squash: everything up to it replaces the old history. */
export const SQUASH_THROUGH = '20261201003300';

/** The versions of the squashed history, oldest first. */
export const SQUASHED_VERSIONS = [
  '20261123000000', '20261123000100', '20261123000200', '20261123000300', '20261123004000',
  '20261123010000', '20261123010100', '20261123010200', '20261123010300', '20261123010400',
  '20261123010500', '20261123010600', '20261123010700', '20261123010800', '20261123010900',
  '20261123020000', '20261123020100', '20261123020200', '20261123020300', '20261123020400',
  '20261123030000', '20261123030100', '20261123030200', '20261123030300', '20261123030400',
  '20261123030500', '20261123031000', '20261123032000', '20261123032100', '20261123032200',
  '20261123050000', '20261123050100', '20261123050200', '20261123060000', '20261123060100',
  '20261123070000', '20261123080000', '20261123080100', '20261123090000', '20261123090100',
  '20261123090200', '20261123100000',
];

/**
 * What a database's recorded versions say of the squash: 'none' (no old
 * version: a new database, or one migrated from the squashed files),
 * 'complete' (every old version and none of the squash's) or 'partial'.
 */
export function historyState(recorded, squashVersions) {
  const old = SQUASHED_VERSIONS.filter((v) => recorded.has(v));
  if (old.length === 0) return 'none';
  const squashed = squashVersions.some((v) => recorded.has(v));
  return old.length === SQUASHED_VERSIONS.length && !squashed ? 'complete' : 'partial';
}

/**
 * Builds the squashed files in a scratch database of the same server and
 * compares its catalog with the live one. Returns the differing lines (both
 * empty when they match). `build(scratchSql)` applies the squash's files.
 */
export async function compareWithSquash(sql, build) {
  const scratch = `pgdrive_squash_check_${process.pid}`;
  const { host, port, user, pass } = sql.options;
  await sql.unsafe(`drop database if exists ${scratch}`);
  await sql.unsafe(`create database ${scratch}`);
  const other = postgres({ host: host[0], port: port[0], user, pass, database: scratch, max: 1, onnotice: () => {} });
  try {
    await build(other);
    return diffPictures(await catalogPicture(sql), await catalogPicture(other));
  } finally {
    await other.end();
    await sql.unsafe(`drop database if exists ${scratch}`);
  }
}
